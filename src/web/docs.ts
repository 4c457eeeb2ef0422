import type { Context } from "hono";
import type { AppEnv } from "../http/env.js";
import type { Router } from "../http/openapi.js";

/**
 * `/docs`: the interactive API reference (Swagger UI) served from Handoff itself, never from a CDN.
 * The viewer's two files come from the swagger-ui-dist npm package at the exact version package.json
 * pins (a test checks they agree); Node reads them from node_modules, Workers from the static assets
 * wrangler uploads beside the Worker. The page runs only those files and a small init script of ours,
 * under a CSP that allows nothing else, so it works offline too.
 */
export const SWAGGER_UI_VERSION = "5.35.0";

export const DOCS_FILES = {
  "swagger-ui-bundle.js": "text/javascript; charset=utf-8",
  "swagger-ui.css": "text/css; charset=utf-8",
} as const;
export type DocsFile = keyof typeof DOCS_FILES;

/** Reads one of the viewer's files (Node: node_modules; Workers: the ASSETS binding); null if missing. */
export type DocsAssets = (file: DocsFile, c: Context<AppEnv>) => Promise<BodyInit | null>;

const ASSETS = `/docs/assets/${SWAGGER_UI_VERSION}`;

// Our own files only: no inline script or style, no eval, nothing from elsewhere (a browser test checks
// the viewer renders with no CSP violation and no request leaving the server).
const DOCS_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join("; ");

const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Handoff API reference</title>
<link rel="stylesheet" href="${ASSETS}/swagger-ui.css">
</head>
<body>
<div id="swagger-ui"></div>
<script src="${ASSETS}/swagger-ui-bundle.js"></script>
<script src="/docs/init.js"></script>
</body>
</html>
`;

// No validator badge (it would call validator.swagger.io) and no "try it out" against other servers.
const INIT = `window.addEventListener("load", function () {
  window.ui = SwaggerUIBundle({
    url: "/openapi.json",
    dom_id: "#swagger-ui",
    deepLinking: true,
    validatorUrl: null,
    presets: [SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
  });
});
`;

export function registerDocs(app: Router, assets: DocsAssets | undefined) {
  app.get("/docs", (c) => {
    c.header("content-security-policy", DOCS_CSP);
    c.header("cache-control", "no-cache");
    return c.html(PAGE);
  });
  app.get("/docs/init.js", (c) => c.body(INIT, 200, { "content-type": "text/javascript; charset=utf-8", "cache-control": "no-cache" }));
  app.get(`${ASSETS}/:file`, async (c) => {
    const file = c.req.param("file");
    if (!assets || !Object.hasOwn(DOCS_FILES, file)) return c.notFound();
    const body = await assets(file as DocsFile, c);
    if (body === null) return c.notFound();
    // The version is in the path: a new version is a new URL, so these may be cached for good.
    return c.body(body as never, 200, { "content-type": DOCS_FILES[file as DocsFile], "cache-control": "public, max-age=31536000, immutable" });
  });
}
