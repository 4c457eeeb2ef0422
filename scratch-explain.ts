import { sql } from "kysely";
import { createOrganization } from "./src/services/bootstrap.js";
import { seedPendingProvisions } from "./test/flows/support/bulk-seed.js";
import { postgresDatabase } from "./test/bench/support.js";
import { expireBatch } from "./src/services/sweeper/expire.js";
import { sweepCutoffs } from "./src/domain/sweep-rules.js";

const database = await postgresDatabase("postgres://postgres@127.0.0.1:5432/test", 1);
const now = new Date();
const org = await createOrganization(database.db, { organizationName: "x", publicUrl: "http://x", now });
await seedPendingProvisions(database.db, { organizationId: org.organizationId, count: 20000, createdAt: now, expiresAt: new Date(now.getTime() - 1000) });
await sql`analyze`.execute(database.db);
// wrap executor to EXPLAIN ANALYZE every statement
await database.db.transaction().execute(async (trx) => {
  const { Kysely } = await import("kysely");
  const plugin = {
    transformQuery: (a: any) => a.node,
    transformResult: async (a: any) => a.result,
  };
  // run each statement once via explain by intercepting with a custom executor: simplest — use log from sql
  const orig = trx.getExecutor();
  const exec = orig.executeQuery.bind(orig);
  (orig as any).executeQuery = async (compiled: any, qid: any) => {
    const text = compiled.sql as string;
    const ex = await exec({ ...compiled, sql: "explain (analyze, buffers, timing off) " + text }, qid);
    const lines = (ex.rows as any[]).map((r) => r["QUERY PLAN"]);
    console.log("----", text.slice(0, 100).replace(/\s+/g, " "));
    for (const l of lines.filter((l: string) => /Trigger|Execution Time|Planning Time|^\S|Buffers: shared/.test(l)).slice(0, 14)) console.log("   ", l);
    // explain analyze already executed it; return the real result by running again? can't (side effects). Return rows for returning-statements by re-running a select is impossible, so run for real in a savepoint? Just run it for real after rollback of nothing:
    return exec(compiled, qid);
  };
  await expireBatch(trx as any, { cutoffs: sweepCutoffs(now, 30), now, limit: 1000 });
  throw new Error("rollback");
}).catch((e) => console.log(String(e)));
await database.close();
