/**
 * `npm run openapi:dump [-- out.json]`: writes the server's OpenAPI document (built in-process, no
 * database) to a file, or to stdout. PUBLIC_URL sets the documented server, as it does for the
 * running server; `npm run lint:api` and the lint test (test/contract/spectral.once.test.ts) dump it with
 * an https URL (an http one is documented as local development, which the OWASP ruleset flags).
 */
import { writeFile } from "node:fs/promises";
import { documentFromApp } from "./openapi-types.js";

const out = process.argv[2];
const json = JSON.stringify(await documentFromApp({ PUBLIC_URL: process.env.PUBLIC_URL }), null, 2) + "\n";
if (out) await writeFile(out, json);
else process.stdout.write(json);
