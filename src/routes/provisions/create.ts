import { createRoute, z } from "@hono/zod-openapi";
import { actorContext } from "../../http/actor-context.js";
import { requireTeamPermission, teamOf } from "../../http/auth.js";
import { teamSecurity, errorResponses, IdempotencyHeader, jsonBody, jsonResponse, type Router } from "../../http/openapi.js";
import { provisionOnce } from "../../services/provisions/provision-once.js";
import { opaque, textInput, urlOut } from "../../http/schemas.js";
import { expiresInSchema, MetadataKey, ProvisionSchema } from "./schemas.js";

const METADATA_MAX_BYTES = 4096;

export const CreateProvisionBody = z
  .strictObject({
    role: z.enum(["admin", "member"]).default("member"),
    skipOnboarding: z.boolean().default(true),
    name: textInput(200).optional(),
    email: z.email().max(320).optional(),
    sendEmail: z.boolean().default(true).openapi({
      description: "Mail the claim link to `email` (when the server has mail configured); false: hand it over yourself",
    }),
    projectName: textInput(200).optional(),
    expiresIn: expiresInSchema("Seconds until the claim link and the unclaimed provision expire (60 s – 30 days, default 7 days)"),
    metadata: z
      .record(MetadataKey, z.unknown())
      .refine((m) => new TextEncoder().encode(JSON.stringify(m)).length <= METADATA_MAX_BYTES, {
        message: `must serialize to at most ${METADATA_MAX_BYTES} bytes of JSON`,
      })
      .optional(),
  })
  .openapi("CreateProvisionRequest");

export const ProvisionCreatedSchema = ProvisionSchema.extend({
  apiKey: opaque(200, "The project API key, shown this once. It works at once."),
  claimUrl: urlOut.openapi({ description: "Single-use link for the person who will own the account" }),
}).openapi("ProvisionCreated");


const route = createRoute({
  operationId: "createProvision",
  method: "post",
  path: "/v1/team/provisions",
  tags: ["Provisions"],
  summary: "Provision a placeholder user with a project, a default agent, a working API key and a claim link",
  security: teamSecurity,
  middleware: [requireTeamPermission("provision")] as const,
  request: { headers: IdempotencyHeader, ...jsonBody(CreateProvisionBody, false) },
  responses: {
    201: jsonResponse(ProvisionCreatedSchema, "Provisioned; the key works at once"),
    ...errorResponses(409, 422),
  },
});

export function registerCreateProvision(app: Router) {
  app.openapi(route, async (c) => {
    const deps = c.get("deps");
    const actor = teamOf(c);
    // A JSON body arrives validated with its defaults; an absent body arrives as {} and gets them here.
    const body = c.req.valid("json");
    const input = "role" in body ? body : CreateProvisionBody.parse(body);
    const result = await provisionOnce(deps, actorContext(c, actor), input, c.req.valid("header")["idempotency-key"]);
    if (result.replayed) c.header("idempotent-replayed", "true");
    return c.json(result.body, 201);
  });
}
