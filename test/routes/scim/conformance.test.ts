import { describe, expect, it } from "vitest";
import { useTestContext } from "../../support/context.js";
import { call } from "../../support/http.js";
import { expectScimError, patchOp, scim, scimOrg, URN_ENTERPRISE, URN_GROUP, URN_USER } from "./support.js";

const ctx = useTestContext();
let n = 0;
const address = () => `conf${Date.now().toString(36)}${n++}@example.com`;
const q = (filter: string) => `/Users?filter=${encodeURIComponent(filter)}`;

/** What external testers (Entra's SCIM validator, Okta's suite, scim2-tester) check beyond the basics. */
describe("SCIM conformance details (RFC 7643/7644)", () => {
  it("a filter naming an unknown attribute is 400 invalidFilter (Users and Groups), a known one in any case works", async () => {
    const o = await scimOrg(ctx);
    const userName = address();
    await scim(ctx, o, "POST", "/Users", { schemas: [URN_USER], userName });
    expectScimError(await scim(ctx, o, "GET", q('nickname2 eq "x"')), 400, "invalidFilter");
    expectScimError(await scim(ctx, o, "GET", q('emails[kind eq "work"]')), 400, "invalidFilter");
    expectScimError(await scim(ctx, o, "GET", `/Groups?filter=${encodeURIComponent('userName eq "x"')}`), 400, "invalidFilter");
    const found = await scim(ctx, o, "GET", q(`USERNAME eq "${userName.toUpperCase()}"`));
    expect(found.body.totalResults).toBe(1);
    expect((await scim(ctx, o, "GET", q(`${URN_ENTERPRISE}:department pr or meta.created pr`))).status).toBe(200);
  });

  it("PATCH paths and no-path value keys in any case change the attribute itself", async () => {
    const o = await scimOrg(ctx);
    const created = await scim(ctx, o, "POST", "/Users", {
      schemas: [URN_USER],
      userName: address(),
      name: { givenName: "Ada", familyName: "Lovelace" },
      emails: [{ value: "a@example.com", type: "work" }],
    });
    const id = created.body.id;
    const res = await scim(
      ctx,
      o,
      "PATCH",
      `/Users/${id}`,
      patchOp(
        { op: "replace", path: "NAME.FAMILYNAME", value: "Byron" },
        { op: "replace", path: 'EMAILS[TYPE eq "work"].VALUE', value: "b@example.com" },
        { op: "Replace", value: { DISPLAYNAME: "Ada B." } },
        { op: "add", path: `${URN_ENTERPRISE}:DEPARTMENT`, value: "Maths" },
      ),
    );
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.name).toEqual({ givenName: "Ada", familyName: "Byron" });
    expect(res.body.emails).toEqual([{ value: "b@example.com", type: "work" }]);
    expect(res.body.displayName).toBe("Ada B.");
    expect(res.body[URN_ENTERPRISE]).toEqual({ department: "Maths" });
    expect(Object.keys(res.body).filter((k) => k !== k.replace(/[A-Z]{3,}/, ""))).toEqual([]);
  });

  it("POST and PUT need schemas with the core URN: missing is 400 invalidSyntax, wrong 400 invalidValue", async () => {
    const o = await scimOrg(ctx);
    expectScimError(await scim(ctx, o, "POST", "/Users", { userName: address() }), 400, "invalidSyntax");
    expectScimError(await scim(ctx, o, "POST", "/Users", { schemas: ["urn:example:Thing"], userName: address() }), 400, "invalidValue");
    expectScimError(await scim(ctx, o, "POST", "/Groups", { schemas: [URN_USER], displayName: "G" }), 400, "invalidValue");
    const created = await scim(ctx, o, "POST", "/Users", { schemas: [URN_USER.toLowerCase(), "urn:example:unknown:extension"], userName: address() });
    expect(created.status).toBe(201);
    expectScimError(await scim(ctx, o, "PUT", `/Users/${created.body.id}`, { schemas: "nope", userName: created.body.userName }), 400, "invalidSyntax");
    const group = await scim(ctx, o, "POST", "/Groups", { schemas: [URN_GROUP], displayName: `G${n}` });
    expectScimError(await scim(ctx, o, "PUT", `/Groups/${group.body.id}`, { displayName: "H" }), 400, "invalidSyntax");
  });

  it("a group's meta.lastModified moves when its members change; excludedAttributes=members leaves them out", async () => {
    const o = await scimOrg(ctx);
    const user = await scim(ctx, o, "POST", "/Users", { schemas: [URN_USER], userName: address() });
    const group = await scim(ctx, o, "POST", "/Groups", { schemas: [URN_GROUP], displayName: `Crew ${n}` });
    ctx.clock.advanceSeconds(60);
    const added = await scim(ctx, o, "PATCH", `/Groups/${group.body.id}`, patchOp({ op: "add", path: "members", value: [{ value: user.body.id }] }));
    expect(added.body.meta.lastModified > group.body.meta.lastModified).toBe(true);
    const lean = await scim(ctx, o, "GET", `/Groups/${group.body.id}?excludedAttributes=members`);
    expect(lean.body.members).toBeUndefined();
    expect(lean.body.displayName).toBe(group.body.displayName);
  });

  it("/Bulk, /Me and POST .search answer 501 with a SCIM error body", async () => {
    const o = await scimOrg(ctx);
    expectScimError(await scim(ctx, o, "POST", "/Bulk", { schemas: ["urn:ietf:params:scim:api:messages:2.0:BulkRequest"], Operations: [] }), 501);
    expectScimError(await scim(ctx, o, "GET", "/Me"), 501);
    const search = { schemas: ["urn:ietf:params:scim:api:messages:2.0:SearchRequest"], filter: 'userName eq "x"' };
    expectScimError(await scim(ctx, o, "POST", "/.search", search), 501);
    expectScimError(await scim(ctx, o, "POST", "/Users/.search", search), 501);
    // Behind the token like every resource endpoint.
    expect((await call(ctx, "POST", "/scim/v2/Users/.search", { body: search })).status).toBe(401);
  });

  it("count=0 answers totalResults only; startIndex below 1 reads as 1; requests in application/scim+json; charset=utf-8", async () => {
    const o = await scimOrg(ctx);
    const res = await scim(ctx, o, "POST", "/Users", { schemas: [URN_USER], userName: address() }, { "content-type": "application/scim+json; charset=utf-8" });
    expect(res.status).toBe(201);
    expect(res.headers.get("location")).toBe(res.body.meta.location);
    const zero = await scim(ctx, o, "GET", "/Users?count=0");
    expect(zero.body).toMatchObject({ totalResults: 1, itemsPerPage: 0 });
    expect(zero.body.Resources ?? []).toEqual([]);
    const first = await scim(ctx, o, "GET", "/Users?startIndex=-5&count=1");
    expect(first.body).toMatchObject({ startIndex: 1, itemsPerPage: 1 });
  });
});
