import { DummyDriver, Kysely, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler, sql, type LogEvent } from "kysely";
import { describe, expect, it } from "vitest";
import type { Database } from "../../db/schema.js";
import { compiledOnce } from "../../src/services/compiled-once.js";

function database() {
  const seen: { sql: string; parameters: readonly unknown[] }[] = [];
  const db = new Kysely<Database>({
    dialect: {
      createAdapter: () => new PostgresAdapter(),
      createDriver: () => new DummyDriver(),
      createIntrospector: (k) => new PostgresIntrospector(k),
      createQueryCompiler: () => new PostgresQueryCompiler(),
    },
    log: (e: LogEvent) => void seen.push({ sql: e.query.sql, parameters: e.query.parameters }),
  });
  return { db, seen };
}

/** The statements below leave out columns the real table requires: only their compilation matters here. */
const loose = (db: unknown) => db as Kysely<any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const insertAgent = compiledOnce((db, rows: { agent: { id: string; name: string; project_id: string } }) =>
  loose(db).insertInto("agents").values({ ...rows.agent, identifier: "default", is_default: true }).returning("id"),
);

describe("compiledOnce", () => {
  it("compiles once and binds each call's values where Kysely would have, constants kept", async () => {
    const { db, seen } = database();
    await insertAgent(db, { agent: { id: "agt_1", name: "One", project_id: "prj_1" } });
    await insertAgent(db, { agent: { name: "Two", project_id: "prj_2", id: "agt_2" } });
    const direct = loose(db)
      .insertInto("agents")
      .values({ id: "agt_2", name: "Two", project_id: "prj_2", identifier: "default", is_default: true })
      .returning("id")
      .compile();
    expect(seen[1]).toEqual({ sql: direct.sql, parameters: direct.parameters });
    expect(seen[0]!.sql).toBe(seen[1]!.sql);
  });

  it("refuses a call whose rows bring other columns than the compiled statement", async () => {
    const { db } = database();
    await insertAgent(db, { agent: { id: "agt_1", name: "One", project_id: "prj_1" } });
    const extra = { agent: { id: "agt_2", name: "Two", project_id: "prj_2", agent_id: "x" } };
    await expect(insertAgent(db, extra as never)).rejects.toThrow(/columns of agent differ/);
    await expect(insertAgent(db, { agent: { id: "agt_3", name: "Three" } } as never)).rejects.toThrow(/columns of agent differ/);
  });

  it("refuses a builder that uses a value other than as a bound parameter", async () => {
    const { db } = database();
    const inExpression = compiledOnce((q, rows: { agent: { name: string } }) =>
      q.selectFrom("agents").select("id").where("name", "=", `${rows.agent.name}!`),
    );
    await expect(inExpression(db, { agent: { name: "x" } })).rejects.toThrow(/inside an expression/);
    const inlined = compiledOnce((q, rows: { agent: { name: string } }) => q.selectFrom("agents").select("id").where(sql.lit(rows.agent.name), "=", "x"));
    await expect(inlined(db, { agent: { name: "x" } })).rejects.toThrow(/inlined into the SQL|not a bound parameter/);
  });
});
