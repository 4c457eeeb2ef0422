import { createRoute, z } from "@hono/zod-openapi";
import { errorResponses, jsonResponse, type Router } from "../../http/openapi.js";
import { readClaimLink } from "../../services/claims/read-link.js";

export const ClaimPreviewSchema = z
  .object({
    organization: z.object({ name: z.string() }),
    role: z.enum(["admin", "member"]),
    projectName: z.string(),
    email: z.string().nullable().openapi({ description: "Only an account with this email may claim, when set" }),
    expiresAt: z.string().openapi({ format: "date-time" }),
    status: z.literal("pending"),
  })
  .openapi("ClaimPreview");

const route = createRoute({
  operationId: "previewClaim",
  method: "get",
  path: "/v1/claims/{token}",
  tags: ["Claims"],
  summary: "What a claim link offers (nothing secret), or why it cannot be used",
  request: { params: z.object({ token: z.string().max(1000).openapi({ param: { name: "token", in: "path" } }) }) },
  responses: {
    200: jsonResponse(ClaimPreviewSchema, "The claim can go ahead"),
    ...errorResponses(404, 409, 410),
  },
});

export function registerPreviewClaim(app: Router) {
  app.openapi(route, async (c) => {
    const deps = c.get("deps");
    const link = await readClaimLink(deps, deps.db, c.req.valid("param").token);
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
