import type { Context } from "hono";
import { bodyLimit } from "hono/body-limit";
import { secureHeaders } from "hono/secure-headers";
import type { AppDeps } from "./deps.js";
import { handleError, problemResponse } from "./http/errors.js";
import { createRouter } from "./http/openapi.js";
import type { AppEnv } from "./http/env.js";
import { requestId } from "./http/request-id.js";
import { registerRoutes } from "./routes/index.js";
import { registerDocs, type DocsAssets } from "./web/docs.js";
import { registerWebRoutes } from "./web/routes/index.js";

export type CreateAppOptions = {
  /**
   * Per-request dependencies (Workers: a database connection per request, since I/O objects cannot
   * be shared between requests), so the app itself is built once per isolate. Default: `deps`.
   */
  depsFor?: (c: Context<AppEnv>) => AppDeps;
  /** The API reference viewer's files for /docs (Node: src/entry/docs-assets-node.ts). */
  docsAssets?: DocsAssets;
};

/**
 * The whole HTTP application, for Node, Workers and tests alike: everything it uses is passed in.
 * Built with the deps it serves every request with, or (Workers) with the configuration only and a
 * `depsFor` that gives each request its own.
 */
export function createApp(deps: AppDeps, options?: Pick<CreateAppOptions, "docsAssets">): App;
export function createApp(shared: Pick<AppDeps, "config">, options: CreateAppOptions & Required<Pick<CreateAppOptions, "depsFor">>): App;
export function createApp(deps: AppDeps | Pick<AppDeps, "config">, options: CreateAppOptions = {}) {
  const app = createRouter();
  const depsFor = options.depsFor ?? (() => deps as AppDeps);

  app.use("*", requestId);
  app.use("*", async (c, next) => {
    c.set("deps", depsFor(c));
    await next();
  });
  // DENY, as the pages' own headers say: secureHeaders sets its headers after the handler, so a
  // SAMEORIGIN default here would overwrite theirs.
  app.use("*", secureHeaders({ referrerPolicy: "no-referrer", crossOriginResourcePolicy: "same-origin", xFrameOptions: "DENY" }));
  const limitBody = bodyLimit({
    maxSize: deps.config.maxBodyBytes,
    onError: (c) => problemResponse(c, "payload_too_large", `Request bodies are limited to ${deps.config.maxBodyBytes} bytes.`),
  });
  // Only requests that carry a body: reading the body stream on a GET makes the Node adapter build a
  // full Request object, which measurably slows the agents' hot path (GET /v1/me).
  app.use("/v1/*", (c, next) => (c.req.method === "GET" || c.req.method === "HEAD" ? next() : limitBody(c, next)));

  registerRoutes(app);
  registerWebRoutes(app);

  app.openAPIRegistry.registerComponent("securitySchemes", "adminKey", {
    type: "http",
    scheme: "bearer",
    description: "An organization admin key (`hnd_…`), printed at first start",
  });
  app.openAPIRegistry.registerComponent("securitySchemes", "session", {
    type: "apiKey",
    in: "cookie",
    name: "handoff_session",
    description: "The session cookie set by logging in or signing up",
  });
  app.openAPIRegistry.registerComponent("securitySchemes", "projectKey", {
    type: "http",
    scheme: "bearer",
    description: "A project API key (`hnd_…`), e.g. the one a provision returns",
  });
  app.doc31("/openapi.json", {
    openapi: "3.1.0",
    info: {
      title: "Handoff API",
      version: "1.0.0",
      description:
        "Provision ready-to-use placeholder accounts that agents use at once and people claim later. " +
        "Errors are application/problem+json (RFC 9457) with a stable `code`.",
    },
    servers: [{ url: deps.config.publicUrl }],
  });
  registerDocs(app, options.docsAssets);

  app.notFound((c) => problemResponse(c, "not_found", `No route for ${c.req.method} ${c.req.path}.`));
  app.onError(handleError);
  return app;
}

export type App = ReturnType<typeof createRouter>;
