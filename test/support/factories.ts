import type { AdminPrincipal } from "../../src/domain/actors.js";
import { TEAM_SCOPES } from "../../src/domain/team-scopes.js";
import type { TestContext } from "./context.js";
import { newOrganization } from "./context.js";
import { call } from "./http.js";

export type Org = { organizationId: string; adminKey: string };

export type Provisioned = {
  id: string;
  userId: string;
  projectId: string;
  agentId: string;
  apiKeyId: string;
  apiKey: string;
  claimUrl: string;
  expiresAt: string;
  status: string;
};

export async function org(ctx: TestContext, name?: string): Promise<Org> {
  const o = await newOrganization(ctx, name);
  return { organizationId: o.organizationId, adminKey: o.adminKey };
}

export async function provision(ctx: TestContext, o: Org, body: Record<string, unknown> = {}): Promise<Provisioned> {
  const res = await call<Provisioned>(ctx, "POST", "/v1/team/provisions", { key: o.adminKey, body });
  if (res.status !== 201) throw new Error(`provision failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** An organization with one provisioned project: the common starting point of project-route tests. */
export async function orgWithProject(ctx: TestContext) {
  const o = await org(ctx);
  const p = await provision(ctx, o, { name: "Ada Lovelace", email: "ada@example.com" });
  return { org: o, provision: p, key: p.apiKey };
}

/** An organization key created by the server with every scope (as the bootstrap key), for service-level tests. */
export function serverKeyActor(organizationId: string, keyId: string): AdminPrincipal {
  return { kind: "admin", organizationId, keyId, scopes: [...TEAM_SCOPES], createdBy: null, expiresAt: null };
}
