import openapiTS, { astToString, COMMENT_HEADER } from "openapi-typescript";
import { createApp } from "../../src/app.js";
import { loadConfig } from "../../src/config.js";
import { makeDeps, type AppDeps } from "../../src/deps.js";

/** Where the generated types live (committed; `npm run sdk:generate` rewrites them). */
export const GENERATED_TYPES = new URL("../src/generated/openapi.ts", import.meta.url);

/**
 * The SDK's types for an OpenAPI document, exactly as committed. The server's route definitions are
 * the source of truth; this is a pure function of its /openapi.json, so a test can regenerate the
 * file from the live app and fail when it drifts.
 */
export async function renderOpenApiTypes(document: object): Promise<string> {
  // A copy: openapi-typescript annotates the document it is given.
  const ast = await openapiTS(structuredClone(document) as Parameters<typeof openapiTS>[0], {
    silent: true,
    // A field with a default is optional in a request: the server fills it in.
    defaultNonNullable: false,
  });
  return (
    COMMENT_HEADER +
    "// Source: the Handoff server's GET /openapi.json. Regenerate with `npm run sdk:generate`.\n\n" +
    astToString(ast)
  );
}

/** The server's OpenAPI document, from the app built in-process: serving it touches no database. */
export async function documentFromApp(): Promise<object> {
  const config = loadConfig({ LOG_LEVEL: "silent" });
  const db = new Proxy({}, {
    get() {
      throw new Error("the OpenAPI document must not need the database");
    },
  }) as AppDeps["db"];
  const app = createApp(makeDeps({ db, config, signingSecrets: [], sealingKeys: [] }));
  const res = await app.request("/openapi.json");
  if (!res.ok) throw new Error(`GET /openapi.json answered ${res.status}`);
  return (await res.json()) as object;
}
