#!/usr/bin/env node
// The `handoff` command. An installed package runs its bundle (dist/cli.js). In a checkout of the
// Handoff repository, where the TypeScript source sits beside this file and nothing has been built,
// it runs the source through tsx (a dependency of the repository root), so `npx handoff` works
// right after `npm ci` with no build step.
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const source = new URL("../src/cli.ts", import.meta.url);
const bundle = new URL("../dist/cli.js", import.meta.url);

async function fromSource() {
  if (!existsSync(fileURLToPath(source))) return false;
  let register;
  try {
    ({ register } = await import("tsx/esm/api"));
  } catch {
    return false; // no tsx here: use the bundle
  }
  register();
  await import(source.href);
  return true;
}

if (!(await fromSource())) {
  if (!existsSync(fileURLToPath(bundle))) {
    process.stderr.write("handoff: the CLI is not built; run `npm run build` in the SDK package.\n");
    process.exit(1);
  }
  await import(bundle.href);
}
