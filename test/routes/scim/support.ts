import { expect } from "vitest";
import type { TestContext } from "../../support/context.js";
import { org, type Org } from "../../support/factories.js";
import { call, type Reply } from "../../support/http.js";

export const SCIM = "/scim/v2";
export const URN_USER = "urn:ietf:params:scim:schemas:core:2.0:User";
export const URN_ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
export const URN_GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group";
export const URN_PATCH = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
export const URN_LIST = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
export const URN_ERROR = "urn:ietf:params:scim:api:messages:2.0:Error";

export type ScimOrg = Org & { token: string; tokenId: string };

/** A fresh organization with a SCIM token made through the API (the admin key creates it). */
export async function scimOrg(ctx: TestContext): Promise<ScimOrg> {
  const o = await org(ctx);
  const res = await call(ctx, "POST", "/v1/team/scim-tokens", { key: o.adminKey, body: { name: "Entra ID" } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return { ...o, token: res.body.token, tokenId: res.body.id };
}

/** A SCIM call with the organization's token, sent as application/scim+json. */
export function scim<T = any>(ctx: TestContext, o: { token: string }, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Reply<T>> {
  return call<T>(ctx, method, `${SCIM}${path}`, {
    key: o.token,
    ...(body !== undefined ? { body } : {}),
    headers: { ...(body !== undefined ? { "content-type": "application/scim+json" } : {}), ...headers },
  });
}

/** A SCIM error body (RFC 7644 §3.12): status as a string, the scimType when given. */
export function expectScimError(res: Reply, status: number, scimType?: string) {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  expect(res.headers.get("content-type")).toContain("application/scim+json");
  expect(res.body.schemas).toEqual([URN_ERROR]);
  expect(res.body.status).toBe(String(status));
  if (scimType) expect(res.body.scimType).toBe(scimType);
  expect(typeof res.body.detail).toBe("string");
}

export function patchOp(...Operations: unknown[]) {
  return { schemas: [URN_PATCH], Operations };
}
