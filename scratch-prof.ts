import { Kysely, PostgresDialect, sql } from "kysely";
import pg from "pg";
import { createOrganization } from "./src/services/bootstrap.js";
import { sweep } from "./src/services/sweeper/sweep.js";
import { seedPendingProvisions } from "./test/flows/support/bulk-seed.js";
import { benchDeps, postgresDatabase } from "./test/bench/support.js";

const url = "postgres://postgres@127.0.0.1:5432/test";
const database = await postgresDatabase(url, 10);
const now = new Date();
const org = await createOrganization(database.db, { organizationName: "x", publicUrl: "http://x", now });
await seedPendingProvisions(database.db, { organizationId: org.organizationId, count: 20000, createdAt: now, expiresAt: new Date(now.getTime() - 1000) });
await sql`analyze`.execute(database.db);
const pool = new pg.Pool({ connectionString: url, max: 5, options: `-c search_path=${database.schema}` });
const stats = new Map<string, { n: number; ms: number }>();
const db = new Kysely<any>({
  dialect: new PostgresDialect({ pool }),
  log: (e) => {
    const k = e.query.sql.replace(/\$\d+(, \$\d+)*/g, "$").replace(/\(\$, \$\)(, \(\$, \$\))*/g, "(..)").slice(0, 90);
    const s = stats.get(k) ?? { n: 0, ms: 0 };
    s.n++; s.ms += e.queryDurationMillis;
    stats.set(k, s);
  },
});
const deps = benchDeps(db as any, { SWEEP_BATCH_SIZE: process.env.B ?? "500" });
const t0 = performance.now();
const r = await sweep(deps, { now, timeBudgetMs: 3_600_000 });
console.log(r, (performance.now() - t0).toFixed(0), "ms");
for (const [k, v] of [...stats].sort((a, b) => b[1].ms - a[1].ms)) console.log(v.n, v.ms.toFixed(0), k);
await db.destroy();
await database.close();
