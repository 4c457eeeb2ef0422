import { createRoute, z } from "@hono/zod-openapi";
import { limitClientMiddleware } from "../../http/api-rate-limit.js";
import { errorResponses, jsonResponse, TokenField, type Router } from "../../http/openapi.js";
import { emailOut, text, timestamp } from "../../http/schemas.js";
import { readClaimLink } from "../../services/claims/read-link.js";

export const ClaimPreviewSchema = z
  .object({
    organization: z.object({ name: text(200) }),
    role: z.enum(["admin", "member"]),
    projectName: text(200),
    email: emailOut.nullable().openapi({ description: "Only an account with this email may claim, when set" }),
    expiresAt: timestamp(),
    status: z.literal("pending"),
  })
  .openapi("ClaimPreview");

// The token is a credential, so it travels in a header, never in the URL (URLs end up in proxy and
// server logs).
const route = createRoute({
  operationId: "previewClaim",
  method: "get",
  path: "/v1/claims/preview",
  tags: ["Claims"],
  summary: "What a claim link offers (nothing secret), or why it cannot be used",
  description: "Send the token of a claim link (the part after `/claim/`) in the `Claim-Token` header. Reads only: nothing is claimed.",
  security: [{ claimToken: [] }],
  middleware: [limitClientMiddleware] as const,
  request: { headers: z.object({ "claim-token": TokenField }) },
  responses: {
    200: jsonResponse(ClaimPreviewSchema, "The claim can go ahead"),
    ...errorResponses(404, 409, 410),
  },
});

export function registerPreviewClaim(app: Router) {
  app.openapi(route, async (c) => {
    const deps = c.get("deps");
    const link = await readClaimLink(deps, deps.db, c.req.valid("header")["claim-token"]);
    return c.json(
      {
        organization: { name: link.organization.name },
        role: link.provision.role,
        projectName: link.provision.project_name,
        email: link.provision.email,
        expiresAt: link.provision.expires_at.toISOString(),
        status: "pending" as const,
      },
      200,
    );
  });
}
