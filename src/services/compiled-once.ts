import { CompiledQuery, type Compilable } from "kysely";
import type { Executor } from "./db-types.js";

/** Rows by name (`user`, `provision`, …), each a flat record of column values. */
export type RowSet = Record<string, Record<string, unknown>>;

type Slot = { row: string; column: string } | { constant: unknown };

const MARK = "\u0000compiled-once\u0000";

/**
 * A hot statement that Kysely builds and compiles once; every later run only lines up its values with
 * the compiled parameters. Building and compiling a provision's seven-insert statement costs ~130 µs of
 * CPU per call, more than the rest of the service's own JavaScript.
 *
 * `build` gets, for every row of the first call's values, a stand-in record with the same columns; the
 * statement's shape must depend on which columns there are, never on their values (decide in the values,
 * not in the builder). Every later call must bring the same columns for every row; it is refused
 * otherwise, as is a builder that uses a value anywhere but as a bound parameter.
 */
export function compiledOnce<V extends RowSet, Row>(build: (db: Executor, rows: V) => Compilable<Row>) {
  let compiled: { sql: string; slots: Slot[]; columns: [string, string[]][] } | undefined;

  const compile = (db: Executor, sample: V) => {
    const columns = Object.entries(sample).map(([row, values]) => [row, Object.keys(values)] as [string, string[]]);
    const stand = Object.fromEntries(columns.map(([row, cols]) => [row, Object.fromEntries(cols.map((c) => [c, `${MARK}${row}.${c}`]))])) as V;
    const query = build(db, stand).compile();
    const known = new Set(columns.flatMap(([row, cols]) => cols.map((c) => `${MARK}${row}.${c}`)));
    const used = new Set<string>();
    const slots = query.parameters.map((p): Slot => {
      if (typeof p !== "string" || !p.includes(MARK)) return { constant: p };
      if (!known.has(p)) throw new Error(`compiledOnce: a value was used inside an expression (${p.split(MARK).join("")})`);
      const [row, column] = p.slice(MARK.length).split(".") as [string, string];
      used.add(`${row}.${column}`);
      return { row, column };
    });
    if (query.sql.includes(MARK)) throw new Error("compiledOnce: a value was inlined into the SQL instead of bound");
    for (const [row, cols] of columns) {
      for (const c of cols) if (!used.has(`${row}.${c}`)) throw new Error(`compiledOnce: ${row}.${c} is not a bound parameter`);
    }
    return { sql: query.sql, slots, columns };
  };

  return async (db: Executor, values: V): Promise<Row[]> => {
    compiled ??= compile(db, values);
    for (const [row, cols] of compiled.columns) {
      const given = values[row];
      if (!given || Object.keys(given).length !== cols.length || cols.some((c) => !(c in given))) {
        throw new Error(`compiledOnce: the columns of ${row} differ from the compiled statement's`);
      }
    }
    const parameters = compiled.slots.map((s) => ("constant" in s ? s.constant : values[s.row]![s.column]));
    const result = await db.executeQuery<Row>(CompiledQuery.raw(compiled.sql, parameters));
    return result.rows;
  };
}
