import type { Context } from "hono";
import type { AppEnv } from "./env.js";

/**
 * The client address for rate limits. Behind a proxy (TRUST_PROXY=true) the first X-Forwarded-For
 * entry; on Workers Cloudflare's own header; on Node the socket's address.
 */
export function clientIp(c: Context<AppEnv>): string {
  if (c.get("deps").config.trustProxy) {
    const forwarded = c.req.header("x-forwarded-for")?.split(",")[0]?.trim();
    if (forwarded) return forwarded;
  }
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined;
  const socket = env?.incoming?.socket?.remoteAddress;
  if (socket) return socket;
  return c.req.header("cf-connecting-ip") ?? "unknown";
}
