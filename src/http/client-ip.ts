import type { Context } from "hono";
import type { AppEnv } from "./env.js";

/**
 * The client address X-Forwarded-For names, behind `hops` trusted proxies that each append the address
 * they received the request from. Entries to the left of those are whatever the client sent and prove
 * nothing, so the answer is the `hops`-th entry from the right (the left-most one when there are fewer).
 */
export function forwardedClient(header: string | undefined, hops: number): string | undefined {
  const entries = (header ?? "").split(",").map((e) => e.trim()).filter(Boolean);
  if (entries.length === 0) return undefined;
  return entries[Math.max(0, entries.length - hops)];
}

/**
 * The client address for rate limits. Behind a proxy (TRUST_PROXY=true) the address the trusted proxies
 * saw (see forwardedClient); on Workers Cloudflare's own header; on Node the socket's address.
 */
export function clientIp(c: Context<AppEnv>): string {
  const config = c.get("deps").config;
  if (config.trustProxy) {
    const forwarded = forwardedClient(c.req.header("x-forwarded-for"), config.trustProxyHops);
    if (forwarded) return forwarded;
  }
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined;
  const socket = env?.incoming?.socket?.remoteAddress;
  if (socket) return socket;
  return c.req.header("cf-connecting-ip") ?? "unknown";
}
