import { createRoute, z } from "@hono/zod-openapi";
import { emailOut, idOf, int32, timestamp, urlOut } from "../../http/schemas.js";
import { contextOf } from "../../domain/actors.js";
import { CursorOut, errorResponses, IdempotencyHeader, idParam, jsonBody, jsonResponse, PaginationQuery, type Router } from "../../http/openapi.js";
import { requireTeamPermission, teamOf } from "../../http/auth.js";
import {
  getInvitation,
  INVITATION_STATES,
  inviteOnce,
  listInvitations,
  resendInvitation,
  revokeInvitation,
} from "../../services/invitations/manage.js";
import { MailDeliverySchema } from "../delivery-schema.js";
import { teamSecurity } from "../members/schemas.js";
import { expiresInSchema } from "../provisions/schemas.js";

const tags = ["Invitations"];
const security = teamSecurity;
const provision = requireTeamPermission("provision");

const InvitationSchema = z
  .object({
    id: idOf("inv"),
    role: z.enum(["admin", "member"]),
    email: emailOut.nullable().openapi({ description: "When set, only this address can accept" }),
    state: z.enum(INVITATION_STATES).openapi({ description: "Effective: a pending invitation past its expiry is `expired`" }),
    expiresAt: timestamp(),
    createdAt: timestamp(),
    sentAt: timestamp("When the current link was issued"),
    resendCount: int32(0, 2_000_000_000),
    acceptedAt: timestamp().nullable(),
    acceptedByUserId: idOf("usr").nullable(),
    revokedAt: timestamp().nullable(),
    delivery: MailDeliverySchema.nullable().openapi({ description: "The latest link's mail: null when the invitation names no email or mail is not configured" }),
  })
  .openapi("Invitation");

const InvitationWithLinkSchema = InvitationSchema.extend({
  url: urlOut.openapi({ description: "The single-use invitation link, shown this once (only its hash is stored)" }),
}).openapi("InvitationWithLink");


const create = createRoute({
  operationId: "createInvitation",
  method: "post",
  path: "/v1/team/invitations",
  tags,
  summary: "Invite a person: a single-use link that makes its visitor a member (no project, no key)",
  description: "Needs `provision`. With `confirmationRequired` in the policy, the person awaits confirmation after accepting.",
  security,
  middleware: [provision] as const,
  request: {
    headers: IdempotencyHeader,
    ...jsonBody(
    z
      .strictObject({
        role: z.enum(["admin", "member"]).default("member"),
        email: z.email().max(320).optional().openapi({ description: "Only this address may accept" }),
        expiresIn: expiresInSchema("Seconds until the link expires (60 s – 30 days, default 7 days)"),
      })
      .openapi("CreateInvitationRequest"),
    ),
  },
  responses: { 201: jsonResponse(InvitationWithLinkSchema, "The invitation and its link"), ...errorResponses(400, 401, 403, 409, 422) },
});

const list = createRoute({
  operationId: "listInvitations",
  method: "get",
  path: "/v1/team/invitations",
  tags,
  summary: "The organization's invitations, newest first, with their state",
  security,
  middleware: [provision] as const,
  request: { query: PaginationQuery.extend({ state: z.enum(INVITATION_STATES).optional() }) },
  responses: {
    200: jsonResponse(z.object({ data: z.array(InvitationSchema).max(100), nextCursor: CursorOut }).openapi("InvitationList"), "A page"),
    ...errorResponses(400, 401, 403),
  },
});

const get = createRoute({
  operationId: "getInvitation",
  method: "get",
  path: "/v1/team/invitations/{id}",
  tags,
  summary: "One invitation (never its link)",
  security,
  middleware: [provision] as const,
  request: { params: idParam("inv") },
  responses: { 200: jsonResponse(InvitationSchema, "The invitation"), ...errorResponses(401, 403, 404) },
});

const revoke = createRoute({
  operationId: "revokeInvitation",
  method: "delete",
  path: "/v1/team/invitations/{id}",
  tags,
  summary: "Revoke an invitation: its link stops working at once (idempotent; an accepted one is a 409)",
  security,
  middleware: [provision] as const,
  request: { params: idParam("inv") },
  responses: { 200: jsonResponse(InvitationSchema, "The revoked invitation"), ...errorResponses(401, 403, 404, 409) },
});

const resend = createRoute({
  operationId: "resendInvitation",
  method: "post",
  path: "/v1/team/invitations/{id}/resend",
  tags,
  summary: "Issue a new link (with a fresh lifetime as long as the first); the previous link stops working",
  security,
  middleware: [provision] as const,
  request: { params: idParam("inv") },
  responses: { 200: jsonResponse(InvitationWithLinkSchema, "The invitation and its new link"), ...errorResponses(401, 403, 404, 409, 410) },
});

const DEFAULT_INVITATION_SECONDS = 7 * 24 * 3600;

export function registerInvitationRoutes(app: Router) {
  app.openapi(create, async (c) => {
    const body = c.req.valid("json");
    const input = { ...body, expiresIn: body.expiresIn ?? DEFAULT_INVITATION_SECONDS };
    const result = await inviteOnce(c.get("deps"), contextOf(teamOf(c), c.get("requestId")), input, c.req.valid("header")["idempotency-key"]);
    if (result.replayed) c.header("idempotent-replayed", "true");
    return c.json(result.body, 201);
  });
  app.openapi(list, async (c) => {
    const page = await listInvitations(c.get("deps"), teamOf(c).organizationId, c.req.valid("query"));
    return c.json({ data: page.data, nextCursor: page.nextCursor }, 200);
  });
  app.openapi(get, async (c) => c.json(await getInvitation(c.get("deps"), teamOf(c).organizationId, c.req.valid("param").id), 200));
  app.openapi(revoke, async (c) => {
    const view = await revokeInvitation(c.get("deps"), contextOf(teamOf(c), c.get("requestId")), c.req.valid("param").id);
    return c.json(view, 200);
  });
  app.openapi(resend, async (c) => {
    const view = await resendInvitation(c.get("deps"), contextOf(teamOf(c), c.get("requestId")), c.req.valid("param").id);
    return c.json(view, 200);
  });
}
