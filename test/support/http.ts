import type { TestContext } from "./context.js";

export type Call = {
  key?: string | undefined;
  body?: unknown;
  headers?: Record<string, string>;
};

export type Reply<T = any> = { status: number; body: T; headers: Headers };

/** One in-process request: no server, no network. */
export async function call<T = any>(ctx: TestContext, method: string, path: string, opts: Call = {}): Promise<Reply<T>> {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.key) headers.authorization = `Bearer ${opts.key}`;
  let body: string | undefined;
  if (opts.body !== undefined) {
    headers["content-type"] ??= "application/json";
    body = typeof opts.body === "string" ? opts.body : JSON.stringify(opts.body);
  }
  const res = await ctx.app.request(path, { method, headers, body });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    // not JSON: keep the text
  }
  return { status: res.status, body: parsed as T, headers: res.headers };
}
