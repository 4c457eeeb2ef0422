import { createRoute, z } from "@hono/zod-openapi";
import { idOf, text, textInput, timestamp } from "../http/schemas.js";
import { contextOf, person } from "../domain/actors.js";
import { DomainError } from "../domain/errors.js";
import { actorContext } from "../http/actor-context.js";
import { assertSameOrigin } from "../http/csrf.js";
import { errorResponses, jsonBody, jsonResponse, type Router } from "../http/openapi.js";
import { loadSession } from "../http/session.js";
import { requireTeamPermission, teamOf } from "../http/auth.js";
import { createOwnOrganization, renameOrganization, type OrganizationView } from "../services/organizations.js";
import { teamSecurity } from "./members/schemas.js";

const OrganizationSchema = z
  .object({ id: idOf("org"), name: text(200), createdAt: timestamp() })
  .openapi("Organization");
const NameBody = z.strictObject({ name: textInput(200) });
const toJson = (o: OrganizationView) => ({ ...o, createdAt: o.createdAt.toISOString() });

const create = createRoute({
  operationId: "createOrganization",
  method: "post",
  path: "/v1/organizations",
  tags: ["Organizations"],
  summary: "Create an organization and become its owner (session cookie)",
  description: "Refused with 403 `self_service_disabled` when the operator set SELF_SERVICE_ORGS=false. Cross-site browser requests are refused.",
  security: [{ session: [] }],
  middleware: [loadSession] as const,
  request: jsonBody(NameBody.openapi("CreateOrganizationRequest")),
  responses: { 201: jsonResponse(OrganizationSchema, "The organization; the caller is its owner"), ...errorResponses(400, 401, 403) },
});

const rename = createRoute({
  operationId: "updateOrganization",
  method: "patch",
  path: "/v1/team/organization",
  tags: ["Organizations"],
  summary: "Rename the organization (owners only)",
  security: teamSecurity,
  middleware: [requireTeamPermission("manage_roles")] as const,
  request: jsonBody(NameBody.openapi("UpdateOrganizationRequest")),
  responses: { 200: jsonResponse(OrganizationSchema, "The organization"), ...errorResponses(400, 401, 403) },
});

export function registerOrganizationRoutes(app: Router) {
  app.openapi(create, async (c) => {
    assertSameOrigin(c);
    const user = c.get("user");
    if (!user) throw new DomainError("session_required", "Log in (session cookie) to create an organization.");
    const org = await createOwnOrganization(c.get("deps"), actorContext(c, person(user.id)), c.req.valid("json"));
    return c.json(toJson(org), 201);
  });
  app.openapi(rename, async (c) => {
    const org = await renameOrganization(c.get("deps"), contextOf(teamOf(c), c.get("requestId")), c.req.valid("json").name);
    return c.json(toJson(org), 200);
  });
}
