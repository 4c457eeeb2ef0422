import { createRoute, z } from "@hono/zod-openapi";
import { afterClaimPath } from "../../domain/claim-rules.js";
import { LIMITS } from "../../domain/rate-limits.js";
import { personContext } from "../../http/actor-context.js";
import { clientIp } from "../../http/client-ip.js";
import { assertSameOrigin } from "../../http/csrf.js";
import { DomainError } from "../../domain/errors.js";
import { limitClientMiddleware } from "../../http/api-rate-limit.js";
import { errorResponses, jsonBody, jsonResponse, TokenField, type Router } from "../../http/openapi.js";
import { idOf } from "../../http/schemas.js";
import { loadSession } from "../../http/session.js";
import { claimProvision } from "../../services/claims/claim.js";
import { consumeRateLimit } from "../../services/rate-limit.js";

const ClaimedSchema = z
  .object({
    provisionId: idOf("prv"),
    userId: idOf("usr"),
    organizationId: idOf("org"),
    projectId: idOf("prj"),
    role: z.enum(["owner", "admin", "member"]).openapi({ description: "The claimant's role after the merge" }),
    mode: z.enum(["new_account", "transfer"]),
    next: z
      .string()
      .max(2048)
      .regex(/^\/[^\/\\\u0000-\u001f]/)
      .openapi({ description: "Where a browser should go next (a path on this site: onboarding or the account page)", example: "/account" }),
  })
  .openapi("ClaimResult");

const route = createRoute({
  operationId: "claim",
  method: "post",
  path: "/v1/claims",
  tags: ["Claims"],
  summary: "Claim a provision into the logged-in account (session cookie)",
  description:
    "Needs a session cookie from logging in. Cross-site browser requests are refused (Origin / Sec-Fetch-Site), so a same-origin JSON request needs no extra token.",
  security: [{ session: [] }],
  middleware: [limitClientMiddleware, loadSession] as const,
  request: jsonBody(
    z
      .strictObject({
        token: TokenField,
        proof: z
          .string()
          .max(120)
          .regex(/^[A-Za-z0-9_-]{1,16}\.[A-Za-z0-9_-]{20,100}$/, "must be the proof from a mailed claim link")
          .optional()
          .openapi({
            description: "The `proof` query parameter of a claim link that was mailed: it shows the address received it, which verifies it",
            example: "k1.Zm9yZ2VkLXByb29mLW9mLWFuLWFkZHJlc3M",
          }),
      })
      .openapi("ClaimRequest"),
  ),
  responses: {
    200: jsonResponse(ClaimedSchema, "Claimed: the project, its agents and keys are the caller's"),
    ...errorResponses(400, 401, 403, 404, 409, 410, 429),
  },
});

export function registerClaim(app: Router) {
  app.openapi(route, async (c) => {
    const deps = c.get("deps");
    assertSameOrigin(c);
    const user = c.get("user");
    if (!user) throw new DomainError("session_required", "Log in (session cookie) to claim into your account.");
    await consumeRateLimit(deps, LIMITS.claimPerIp, clientIp(c));
    await consumeRateLimit(deps, LIMITS.claimPerAccount, user.id);
    const body = c.req.valid("json");
    const result = await claimProvision(deps, personContext(c), body.token, { kind: "existing", userId: user.id, email: user.email }, body.proof);
    return c.json(
      {
        provisionId: result.provision.id,
        userId: result.userId,
        organizationId: result.provision.organization_id,
        projectId: result.provision.project_id,
        role: result.role,
        mode: result.mode,
        next: afterClaimPath(result.provision),
      },
      200,
    );
  });
}
