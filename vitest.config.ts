import { defineConfig } from "vitest/config";

// Three projects: pure rules once, and every database test on PGlite and on PostgreSQL.
// `npm test` (test/run.mjs) chooses which to run and says loudly what it skipped.
const dbTests = ["test/routes/**/*.test.ts", "test/flows/**/*.test.ts", "test/db/**/*.test.ts"];

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      { extends: true, test: { name: "unit", include: ["test/unit/**/*.test.ts"] } },
      { extends: true, test: { name: "pglite", include: dbTests, env: { TEST_DB: "pglite" } } },
      { extends: true, test: { name: "postgres", include: dbTests, env: { TEST_DB: "postgres" } } },
    ],
  },
});
