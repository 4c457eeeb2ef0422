import type { AddressInfo } from "node:net";
import { serve, type Http2Bindings, type HttpBindings, type ServerType } from "@hono/node-server";
import { run } from "../../sdk/src/cli/main.js";
import { Handoff, type HandoffOptions } from "../../sdk/src/index.js";
import type { TestContext } from "../support/context.js";

export type FetchFn = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

/** The app answering in-process: no server, no network. */
export function appFetch(ctx: TestContext): FetchFn {
  return (input, init) => Promise.resolve(ctx.app.request(input instanceof Request ? input : String(input), init));
}

/** An SDK client for the in-process app, with retries that do not wait. */
export function sdk(ctx: TestContext, options: HandoffOptions = {}): Handoff {
  return new Handoff({
    baseUrl: "http://handoff.test",
    fetch: appFetch(ctx),
    backoff: { initialDelayMs: 1, maxDelayMs: 5 },
    ...options,
  });
}

export type Served = { url: string; close(): Promise<void> };

/** What @hono/node-server passes beside the request: the Node request and response. */
export type NodeBindings = HttpBindings;

export type Handler = (req: Request, node: NodeBindings) => Promise<Response>;

/** The app behind a real HTTP server on 127.0.0.1 and a free port, optionally through a wrapper. */
export async function serveApp(ctx: TestContext, wrap?: (app: (req: Request) => Promise<Response>) => Handler): Promise<Served> {
  const inner = (req: Request) => Promise.resolve(ctx.app.fetch(req));
  const handler: Handler = wrap ? wrap(inner) : inner;
  let server: ServerType;
  const port = await new Promise<number>((resolve) => {
    server = serve(
      { fetch: (req: Request, env: HttpBindings | Http2Bindings) => handler(req, env as HttpBindings), port: 0, hostname: "127.0.0.1" },
      (info: AddressInfo) => resolve(info.port),
    );
  });
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}

export type Recorded = { method: string; url: string; headers: Headers; body: string | undefined };

/**
 * A fetch in front of another that records every attempt and can replace the first ones with a
 * scripted failure: a thrown network error, an answer of our own, or the real answer dropped on
 * the way back (the server did the work, the client never hears of it).
 */
export function scripted(next: FetchFn, script: Array<"network" | "drop" | Response | (() => Response)> = []) {
  const calls: Recorded[] = [];
  const fetch: FetchFn = async (input, init) => {
    const req = new Request(input, init);
    const body = init?.body === undefined || init.body === null ? undefined : String(init.body);
    calls.push({ method: req.method, url: req.url, headers: req.headers, body });
    const step = script.shift();
    if (step === "network") throw new TypeError("fetch failed", { cause: Object.assign(new Error("connect ECONNRESET"), { code: "ECONNRESET" }) });
    if (step === "drop") {
      await next(input, init).then((r) => r.text());
      throw new TypeError("fetch failed", { cause: new Error("socket hang up") });
    }
    if (step instanceof Response) return step;
    if (typeof step === "function") return step();
    return next(input, init);
  };
  return { fetch, calls };
}

export function problem(status: number, code: string, headers: Record<string, string> = {}): Response {
  return new Response(
    JSON.stringify({ type: `https://handoff.dev/problems/${code}`, title: code, status, detail: `scripted ${code}`, code, requestId: "req_scripted" }),
    { status, headers: { "content-type": "application/problem+json", "x-request-id": "req_scripted", ...headers } },
  );
}

/** `handoff …` in-process against the app with this key: exit code, stdout and stderr. */
export async function runCli(ctx: TestContext, apiKey: string, args: string[]) {
  let stdout = "";
  let stderr = "";
  const code = await run(args, {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    env: { HANDOFF_URL: "http://handoff.test", HANDOFF_API_KEY: apiKey },
    cwd: process.cwd(),
    fetch: appFetch(ctx) as typeof fetch,
  });
  return { code, stdout, stderr };
}
