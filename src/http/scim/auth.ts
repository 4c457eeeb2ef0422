import type { MiddlewareHandler } from "hono";
import { DomainError } from "../../domain/errors.js";
import { verifyScimToken } from "../../services/scim/verify-token.js";
import { limitCaller } from "../api-rate-limit.js";
import type { AppEnv } from "../env.js";

/**
 * /scim/v2: the organization's SCIM token as `Authorization: Bearer`. Every call counts against the
 * token's and the organization's /v1 budgets (RateLimit headers, 429 with Retry-After). Sets c.var.team
 * to the token's principal, which the team services accept like the admin key.
 */
export const requireScimToken: MiddlewareHandler<AppEnv> = async (c, next) => {
  const header = c.req.header("authorization");
  if (!header) throw new DomainError("missing_credentials", "Send the SCIM token as `Authorization: Bearer <token>`.");
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match) throw new DomainError("missing_credentials", "The Authorization header must use the Bearer scheme.");
  const principal = await verifyScimToken(c.get("deps"), match[1]!);
  const counting = limitCaller(c, { keyId: principal.tokenId, organizationId: principal.organizationId }, c.get("deps").clock.now());
  if (counting) await counting;
  c.set("team", principal);
  await next();
};
