import { createRoute, z } from "@hono/zod-openapi";
import { sql } from "kysely";
import { jsonResponse, type Router } from "../http/openapi.js";

const healthz = createRoute({
  operationId: "healthz",
  method: "get",
  path: "/healthz",
  tags: ["Operations"],
  summary: "Liveness: the process answers",
  responses: { 200: jsonResponse(z.object({ status: z.literal("ok") }), "Alive") },
});

const ReadySchema = z.object({ status: z.enum(["ready", "unavailable"]), database: z.enum(["ok", "error"]) });

const readyz = createRoute({
  operationId: "readyz",
  method: "get",
  path: "/readyz",
  tags: ["Operations"],
  summary: "Readiness: the database answers",
  responses: {
    200: jsonResponse(ReadySchema, "Ready to serve"),
    503: jsonResponse(ReadySchema, "The database does not answer"),
  },
});

export function registerHealthRoutes(app: Router) {
  app.openapi(healthz, (c) => c.json({ status: "ok" as const }, 200));
  app.openapi(readyz, async (c) => {
    const deps = c.get("deps");
    try {
      await sql`select 1`.execute(deps.db);
      return c.json({ status: "ready" as const, database: "ok" as const }, 200);
    } catch (err) {
      deps.logger.warn("readiness check failed", { error: String(err) });
      return c.json({ status: "unavailable" as const, database: "error" as const }, 503);
    }
  });
}
