import type { Context } from "hono";
import { secureHeaders } from "hono/secure-headers";
import type { AppDeps } from "./deps.js";
import { completeContract } from "./http/contract.js";
import { handleError, problemResponse } from "./http/errors.js";
import { apiBodies } from "./http/api-bodies.js";
import { createRouter } from "./http/openapi.js";
import type { AppEnv } from "./http/env.js";
import { requestId } from "./http/request-id.js";
import { SCOPE_DESCRIPTIONS } from "./domain/team-scopes.js";
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
  // DENY, as the pages' own headers say: secureHeaders sets its headers after the handler, so a
  // SAMEORIGIN default here would overwrite theirs. Before the body checks, so their refusals get them too.
  app.use("*", secureHeaders({ referrerPolicy: "no-referrer", crossOriginResourcePolicy: "same-origin", xFrameOptions: "DENY" }));
  const bodies = apiBodies(deps.config.maxBodyBytes);
  app.use("*", (c, next) => {
    c.set("deps", depsFor(c));
    return bodies(c, next);
  });

  registerRoutes(app);
  registerWebRoutes(app);

  app.openAPIRegistry.registerComponent("securitySchemes", "adminKey", {
    type: "http",
    scheme: "bearer",
    description: "An organization API key (`hnd_…`) limited to its scopes; the first one is printed at first start",
  });
  app.openAPIRegistry.registerComponent("securitySchemes", "oauthClient", {
    type: "http",
    scheme: "basic",
    description: "An OAuth app's client_id and client secret (RFC 6749 §2.3.1), for the token and revocation endpoints",
  });
  // OAuth 2.0 client credentials: a client learns from here where to get a token and which scopes exist.
  app.openAPIRegistry.registerComponent("securitySchemes", "oauthToken", {
    type: "oauth2",
    description:
      "An OAuth access token (`hat_…`, sent as `Authorization: Bearer`) from the token endpoint, limited to its scopes: the Users API (`users.*`) and /v1/team routes",
    flows: { clientCredentials: { tokenUrl: `${deps.config.publicUrl}/v1beta1/users/oauth2/token`, scopes: { ...SCOPE_DESCRIPTIONS } } },
  });
  app.openAPIRegistry.registerComponent("securitySchemes", "session", {
    type: "apiKey",
    in: "cookie",
    name: "handoff_session",
    description: "The session cookie set by logging in or signing up",
  });
  app.openAPIRegistry.registerComponent("securitySchemes", "claimToken", {
    type: "apiKey",
    in: "header",
    name: "Claim-Token",
    description: "The token of a claim link (the part after `/claim/`): it may preview the claim",
  });
  app.openAPIRegistry.registerComponent("securitySchemes", "projectKey", {
    type: "http",
    scheme: "bearer",
    description: "A project API key (`hnd_…`), e.g. the one a provision returns",
  });
  // Generated once from the route definitions, then completed with what the shared middleware answers.
  let document: object | undefined;
  app.get("/openapi.json", (c) => {
    document ??= completeContract(app.getOpenAPI31Document(documentHeader(deps.config.publicUrl)));
    return c.json(document);
  });
  registerDocs(app, options.docsAssets);

  app.notFound((c) => problemResponse(c, "not_found", `No route for ${c.req.method} ${c.req.path}.`));
  app.onError(handleError);
  return app;
}

export type App = ReturnType<typeof createRouter>;

/**
 * The document's header. Its one server is this deployment's PUBLIC_URL, described as production when
 * it is https and as local development otherwise (PUBLIC_URL must be https in production: session
 * cookies are Secure only there). The contract lint checks the document as an https deployment serves it.
 */
function documentHeader(publicUrl: string) {
  const https = publicUrl.startsWith("https://");
  return {
    openapi: "3.1.0",
    info: {
      title: "Handoff API",
      version: "1.0.0",
      description:
        "Provision ready-to-use placeholder accounts that agents use at once and people claim later. " +
        "Errors are application/problem+json (RFC 9457) with a stable `code`. Calls on /v1 are rate limited " +
        "per API key and per organization (RateLimit and RateLimit-Policy headers, 429 with Retry-After).",
      contact: { name: "Handoff maintainers", url: "https://handoff.dev/support", email: "security@handoff.dev" },
      license: { name: "Proprietary", url: "https://handoff.dev/license" },
    },
    servers: [
      {
        url: publicUrl,
        description: https ? "production: this deployment (PUBLIC_URL)" : "local development: this instance (PUBLIC_URL is not https)",
        "x-internal": false,
      },
    ],
    tags: [
      { name: "Provisions", description: "Placeholder accounts with a working key and a claim link (organization admin key)" },
      { name: "Claims", description: "Previewing and claiming a provision (the person who owns it next)" },
      { name: "Identity", description: "Who the calling key is" },
      { name: "Agents", description: "Named identities inside a project (project key)" },
      { name: "API keys", description: "The project's keys: create, list, roll, revoke (project key)" },
      { name: "Organization API keys", description: "Keys for automation acting on the team, limited to scopes (organization key or session)" },
      { name: "OAuth apps", description: "OAuth 2.0 clients (client credentials) whose tokens act within their scopes" },
      { name: "OAuth 2.0", description: "Token and revocation endpoints (RFC 6749 §4.4, RFC 7009): form-encoded, RFC error bodies" },
      {
        name: "Users API",
        description:
          "Wire-compatible with 1Password's Users API v1beta1 (the organization id is the account id): list, get, suspend, reactivate. OAuth tokens or organization keys with `users.*` scopes; a User-Agent is required; errors are `{ error: { code, message, status } }`.",
      },
      { name: "Operations", description: "Liveness and readiness probes" },
    ],
  };
}
