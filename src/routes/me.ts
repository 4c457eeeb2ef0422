import { createRoute, z } from "@hono/zod-openapi";
import type { Context, TypedResponse } from "hono";
import { projectOf, requireProjectKey } from "../http/auth.js";
import { errorResponses, jsonResponse, projectSecurity, type Router } from "../http/openapi.js";
import { describeCaller, type CallerDetails, type DescribedCaller } from "../services/me.js";
import { idOf, opaque, text, timestamp } from "../http/schemas.js";
import { AgentSchema, toAgentView } from "./agents/schemas.js";
import { ScopesOut } from "./keys/schemas.js";
import { ProvisionStatusSchema } from "./provisions/schemas.js";

const MeSchema = z
  .object({
    key: z.object({
      id: idOf("key"),
      name: text(200),
      prefix: opaque(32),
      scopes: ScopesOut,
      expiresAt: timestamp().nullable(),
    }),
    project: z.object({ id: idOf("prj"), name: text(200), createdAt: timestamp() }),
    organization: z.object({ id: idOf("org"), name: text(200) }),
    // No .openapi() on the shared Agent schema here: it would rewrite the Agent component everywhere.
    agent: AgentSchema.nullable(),
    provision: z
      .object({ id: idOf("prv"), status: ProvisionStatusSchema, expiresAt: timestamp() })
      .nullable()
      .openapi({ description: "The provision that created the project, if any" }),
  })
  .openapi("Me", {
    description: "`agent` is the agent the key is bound to, else the project's default agent; `provision` is the one that created the project, if any.",
  });

const route = createRoute({
  operationId: "getMe",
  method: "get",
  path: "/v1/me",
  tags: ["Identity"],
  summary: "Who am I: the calling key, its project, organization, agent and provision",
  security: projectSecurity,
  middleware: [requireProjectKey] as const,
  responses: { 200: jsonResponse(MeSchema, "The caller"), ...errorResponses(401, 403) },
});

type MeView = z.infer<typeof MeSchema>;

function toMeView(me: CallerDetails): MeView {
  return {
    key: {
      id: me.key.id,
      name: me.key.name,
      prefix: me.key.display_prefix,
      scopes: me.key.scopes,
      expiresAt: me.key.expires_at?.toISOString() ?? null,
    },
    project: { id: me.project.id, name: me.project.name, createdAt: me.project.created_at.toISOString() },
    organization: me.organization,
    agent: me.agent ? toAgentView(me.agent) : null,
    provision: me.provision ? { ...me.provision, expiresAt: me.provision.expiresAt.toISOString() } : null,
  };
}

// Agents poll /v1/me: the body is serialised once per cached details object and provision status
// (the one part that changes with the clock), then reused until the key's cache entry goes.
const bodies = new WeakMap<CallerDetails, { status: string | null; json: string }>();

export function registerMeRoute(app: Router) {
  app.openapi(route, (c) => {
    const described = describeCaller(c.get("deps"), projectOf(c));
    return described instanceof Promise ? described.then((d) => respond(c, d)) : respond(c, described);
  });
}

function respond(c: Context, { details, provisionStatus }: DescribedCaller) {
  let body = bodies.get(details);
  if (!body || body.status !== provisionStatus) {
    const view = toMeView(details);
    if (view.provision && provisionStatus) view.provision.status = provisionStatus;
    body = { status: provisionStatus, json: JSON.stringify(view) };
    bodies.set(details, body);
  }
  // The pre-serialised MeView, sent as is: typed as what c.json would have produced from it.
  return c.body(body.json, 200, { "content-type": "application/json" }) as unknown as TypedResponse<MeView, 200, "json">;
}
