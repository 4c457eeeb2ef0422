#!/usr/bin/env node
/** The `handoff` executable (bundled to dist/cli.js). */
import { run } from "./cli/main.js";

process.exitCode = await run(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  cwd: process.cwd(),
});
