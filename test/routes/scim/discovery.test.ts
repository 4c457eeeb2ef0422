import { describe, expect, it } from "vitest";
import { useTestContext } from "../../support/context.js";
import { call } from "../../support/http.js";
import { expectScimError, scim, scimOrg, SCIM, URN_ENTERPRISE, URN_GROUP, URN_LIST, URN_USER } from "./support.js";

const ctx = useTestContext();

describe("SCIM discovery", () => {
  it("ServiceProviderConfig says truthfully what is supported", async () => {
    const res = await call(ctx, "GET", `${SCIM}/ServiceProviderConfig`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("application/scim+json");
    expect(res.body.schemas).toEqual(["urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"]);
    expect(res.body.patch).toEqual({ supported: true });
    expect(res.body.filter).toEqual({ supported: true, maxResults: 200 });
    expect(res.body.bulk.supported).toBe(false);
    expect(res.body.sort).toEqual({ supported: false });
    expect(res.body.etag).toEqual({ supported: false });
    expect(res.body.changePassword).toEqual({ supported: false });
    expect(res.body.authenticationSchemes[0].type).toBe("oauthbearertoken");
    expect(res.body.meta.location).toBe("http://handoff.test/scim/v2/ServiceProviderConfig");
  });

  it("ResourceTypes lists User (with the enterprise extension) and Group, each also by id", async () => {
    const o = await scimOrg(ctx);
    const res = await scim(ctx, o, "GET", "/ResourceTypes");
    expect(res.body.schemas).toEqual([URN_LIST]);
    expect(res.body.totalResults).toBe(2);
    const user = res.body.Resources.find((r: { id: string }) => r.id === "User");
    expect(user).toMatchObject({ endpoint: "/Users", schema: URN_USER, schemaExtensions: [{ schema: URN_ENTERPRISE, required: false }] });
    expect((await scim(ctx, o, "GET", "/ResourceTypes/Group")).body.schema).toBe(URN_GROUP);
    expectScimError(await scim(ctx, o, "GET", "/ResourceTypes/Device"), 404);
  });

  it("Schemas describes User, EnterpriseUser and Group with their attributes", async () => {
    const res = await call(ctx, "GET", `${SCIM}/Schemas`);
    expect(res.body.Resources.map((s: { id: string }) => s.id)).toEqual([URN_USER, URN_ENTERPRISE, URN_GROUP]);
    const user = (await call(ctx, "GET", `${SCIM}/Schemas/${URN_USER}`)).body;
    const userName = user.attributes.find((a: { name: string }) => a.name === "userName");
    expect(userName).toMatchObject({ required: true, uniqueness: "server", caseExact: false, mutability: "readWrite" });
    expect(user.attributes.find((a: { name: string }) => a.name === "groups").mutability).toBe("readOnly");
    const enterprise = (await call(ctx, "GET", `${SCIM}/Schemas/${URN_ENTERPRISE}`)).body;
    expect(enterprise.attributes.map((a: { name: string }) => a.name)).toContain("department");
    expectScimError(await call(ctx, "GET", `${SCIM}/Schemas/urn:nope`), 404);
  });

  it("an unknown SCIM path is a SCIM 404", async () => {
    const o = await scimOrg(ctx);
    expectScimError(await scim(ctx, o, "GET", "/Devices"), 404);
  });
});
