import { describe, expect, it } from "vitest";
import { useTestContext } from "../../support/context.js";
import { org, provision } from "../../support/factories.js";
import { call } from "../../support/http.js";
import { addMember, asMember, builtinGroupId, itGuardsTeamSessions } from "../../support/members.js";

// Provisions check the `provision` permission: the admin key, or a member's session holding it
// (owners, admins, the built-in Provision Managers group).
const ctx = useTestContext();

describe("/v1/team/provisions with a member's session", () => {
  describe("happy", () => {
    it("a Provision Manager provisions, lists, regenerates and cancels; the audit names them", async () => {
      const o = await org(ctx);
      const pm = await addMember(ctx, o, { groups: [await builtinGroupId(ctx, o)] });
      const created = await call(ctx, "POST", "/v1/team/provisions", { headers: asMember(pm), body: { name: "Via session" } });
      expect(created.status).toBe(201);
      expect(created.body.createdBy).toEqual({ type: "user", id: pm.userId });
      expect((await call(ctx, "GET", "/v1/team/provisions", { headers: asMember(pm) })).body.data).toHaveLength(1);
      expect((await call(ctx, "POST", `/v1/team/provisions/${created.body.id}/claim-link`, { headers: asMember(pm), body: {} })).status).toBe(200);
      expect((await call(ctx, "DELETE", `/v1/team/provisions/${created.body.id}`, { headers: asMember(pm) })).body.status).toBe("cancelled");
    });
  });

  describe("errors", () => {
    it("another organization's provision answers 404 to a session", async () => {
      const o = await org(ctx);
      const theirs = await provision(ctx, await org(ctx));
      const owner = await addMember(ctx, o, { role: "owner" });
      expect((await call(ctx, "GET", `/v1/team/provisions/${theirs.id}`, { headers: asMember(owner) })).status).toBe(404);
    });
  });

  describe("security", () => {
    itGuardsTeamSessions(ctx, "provision", () => ({ method: "POST", path: "/v1/team/provisions", body: {} }));
    itGuardsTeamSessions(ctx, "provision", () => ({ method: "GET", path: "/v1/team/provisions" }));
    itGuardsTeamSessions(ctx, "provision", async (o) => ({ method: "GET", path: `/v1/team/provisions/${(await provision(ctx, o)).id}` }));
    itGuardsTeamSessions(ctx, "provision", async (o) => ({ method: "DELETE", path: `/v1/team/provisions/${(await provision(ctx, o)).id}` }));
    itGuardsTeamSessions(ctx, "provision", async (o) => ({ method: "POST", path: `/v1/team/provisions/${(await provision(ctx, o)).id}/claim-link`, body: {} }));
  });
});
