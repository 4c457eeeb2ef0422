/**
 * `npm run sdk:generate`: regenerates sdk/src/generated/openapi.ts from the server's OpenAPI document.
 * By default the document comes from the app built in-process (no database is touched to serve it);
 * `-- --url http://host:port/openapi.json` reads it from a running server instead.
 */
import { readFile, writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { documentFromApp, GENERATED_TYPES, renderOpenApiTypes } from "./openapi-types.js";

async function documentFromUrl(url: string): Promise<object> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`GET ${url} answered ${res.status}`);
  return (await res.json()) as object;
}

const at = process.argv.indexOf("--url");
const url = at >= 0 ? process.argv[at + 1] : undefined;
const document = url ? await documentFromUrl(url) : await documentFromApp();
const next = await renderOpenApiTypes(document);
const path = fileURLToPath(GENERATED_TYPES);
const previous = await readFile(path, "utf8").catch(() => "");
if (previous === next) {
  console.log(`sdk:generate: ${path} is up to date`);
} else {
  await writeFile(path, next);
  console.log(`sdk:generate: wrote ${path}`);
}
