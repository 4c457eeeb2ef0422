import { defineConfig } from "vitest/config";

// Pure rules once, every database test on PGlite and on PostgreSQL, and the browser tests once.
// `npm test` (test/run.mjs) chooses which to run and says loudly what it skipped.
const dbTests = ["test/routes/**/*.test.ts", "test/flows/**/*.test.ts", "test/db/**/*.test.ts", "test/web/**/*.test.ts", "test/sdk/**/*.test.ts"];

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Vitest's default is one worker fewer than the cores: one file at a time on a 2-core machine, where
    // most files spend their time waiting on PostgreSQL, Chromium, SMTP or workerd. Two keep both busy.
    maxWorkers: 2,
    projects: [
      { extends: true, test: { name: "unit", include: ["test/unit/**/*.test.ts"] } },
      // `*.pg.test.ts`: races that need real concurrency (PostgreSQL only); `*.once.test.ts`: engine-agnostic
      // work done once (it runs with PGlite).
      { extends: true, test: { name: "pglite", include: dbTests, exclude: ["**/*.pg.test.ts"], env: { TEST_DB: "pglite" } } },
      { extends: true, test: { name: "postgres", include: dbTests, exclude: ["**/*.once.test.ts"], env: { TEST_DB: "postgres" } } },
      // Real Chromium against a real HTTP server; on PostgreSQL when the run has one, else PGlite. A
      // whole journey through the pages (set-up, provision, claim, cancel) takes 12–26 s on a 2-core
      // machine running the other projects at the same time: 30 s is too close a limit for it.
      {
        extends: true,
        test: {
          name: "browser",
          include: ["test/browser/**/*.test.ts"],
          fileParallelism: false,
          testTimeout: 60_000,
          env: { TEST_DB: process.env.TEST_DB_BROWSER ?? "pglite" },
        },
      },
      // The Workers build: the bundle (wrangler deploy --dry-run) and the Worker running in workerd
      // (wrangler dev --local) against the local PostgreSQL. Needs PostgreSQL; one file at a time.
      {
        extends: true,
        test: {
          name: "workers",
          include: ["test/workers/**/*.test.ts"],
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
