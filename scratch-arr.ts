import { sql } from "kysely";
import { connectDatabase } from "./db/connect.js";
const h = await connectDatabase({ dataDir: "memory://" });
const r = await sql`select * from unnest(${["a", null]}::text[], ${[JSON.stringify({ a: 'x"y' }), "{}"]}::jsonb[], ${[new Date().toISOString(), new Date(0).toISOString()]}::timestamptz[]) as v(t, j, ts)`.execute(h.db);
console.log(r.rows);
await h.close();
