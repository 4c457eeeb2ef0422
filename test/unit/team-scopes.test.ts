import { describe, expect, it } from "vitest";
import { PERMISSIONS } from "../../src/domain/team-permissions.js";
import { credentialAllows, credentialPermissions, mayGrant, normalizeScopes, scopeForRoute, TEAM_SCOPES } from "../../src/domain/team-scopes.js";

describe("team scopes", () => {
  it("each route permission maps to one scope; reads of provisions need only provisions:read", () => {
    expect(scopeForRoute("provision", "GET")).toBe("provisions:read");
    expect(scopeForRoute("provision", "POST")).toBe("provisions:write");
    expect(scopeForRoute("any", "GET")).toBe("members:read");
    expect(scopeForRoute("suspend", "POST")).toBe("members:suspend");
    expect(scopeForRoute("manage_integrations", "GET")).toBe("integrations:write");
    for (const p of PERMISSIONS) expect(TEAM_SCOPES).toContain(scopeForRoute(p, "POST"));
  });

  it("a credential holds the permissions its scopes stand for, bounded by its creator's (null: the server)", () => {
    expect(credentialPermissions([...TEAM_SCOPES], null)).toEqual([...PERMISSIONS]);
    expect(credentialPermissions(["members:suspend", "members:read"], null)).toEqual(["suspend"]);
    expect(credentialPermissions(["members:suspend", "members:delete"], ["suspend"])).toEqual(["suspend"]);
    expect(credentialPermissions(["unknown:scope"], null)).toEqual([]);
  });

  it("allows a route only with the scope and the creator's permission behind it", () => {
    expect(credentialAllows(["members:suspend"], ["suspend"], "members:suspend", "suspend")).toBe(true);
    expect(credentialAllows(["members:read"], ["suspend"], "members:suspend", "suspend")).toBe(false);
    expect(credentialAllows(["members:suspend"], [], "members:suspend", "suspend")).toBe(false);
    expect(credentialAllows(["members:read"], [], "members:read", "any")).toBe(false);
    expect(credentialAllows(["members:read"], null, "members:read", "any")).toBe(true);
  });

  it("a person grants a scope only when they hold every permission it stands for", () => {
    expect(mayGrant(["confirm", "manage_roles"], "members:write")).toBe(false);
    expect(mayGrant(["confirm", "manage_roles", "recover"], "members:write")).toBe(true);
    expect(mayGrant([], "members:read")).toBe(false);
    expect(mayGrant(["provision"], "users.list")).toBe(true);
    expect(normalizeScopes(["users.list", "members:read", "users.list"])).toEqual(["members:read", "users.list"]);
  });
});
