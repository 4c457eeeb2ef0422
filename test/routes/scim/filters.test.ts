import { beforeAll, describe, expect, it } from "vitest";
import { useTestContext } from "../../support/context.js";
import { expectScimError, scim, scimOrg, URN_ENTERPRISE, URN_LIST, URN_USER, type ScimOrg } from "./support.js";

const ctx = useTestContext();
let o: ScimOrg;
const ids: Record<string, string> = {};

/** Four people with distinct attributes, in one organization of their own (plus nobody else). */
beforeAll(async () => {
  o = await scimOrg(ctx);
  const people = [
    { key: "ada", userName: "ada@alpha.example", externalId: "E-1", displayName: "Ada Lovelace", title: "Engineer", emails: [{ value: "ada@alpha.example", type: "work", primary: true }, { value: "ada@home.example", type: "home" }], dept: "Engineering" },
    { key: "bob", userName: "bob@beta.example", externalId: "E-2", displayName: "Bob Brown", title: "Sales Lead", emails: [{ value: "bob@beta.example", type: "work", primary: true }], dept: "Sales" },
    { key: "cy", userName: "cy@alpha.example", externalId: "e-3", displayName: "Cy Young", emails: [{ value: "cy@alpha.example", type: "work" }], dept: "Engineering" },
    { key: "dee", userName: "dee@gamma.example", externalId: "E-4", displayName: "Dee Dee", title: "Engineer", dept: "Support" },
  ];
  for (const p of people) {
    ctx.clock.advance(1000);
    const res = await scim(ctx, o, "POST", "/Users", {
      schemas: [URN_USER, URN_ENTERPRISE],
      userName: p.userName,
      externalId: p.externalId,
      displayName: p.displayName,
      ...(p.title ? { title: p.title } : {}),
      ...(p.emails ? { emails: p.emails } : {}),
      [URN_ENTERPRISE]: { department: p.dept },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    ids[p.key] = res.body.id;
  }
  await scim(ctx, o, "PATCH", `/Users/${ids.dee}`, { schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], Operations: [{ op: "replace", path: "active", value: false }] });
});

async function who(filter: string): Promise<string[]> {
  const res = await scim(ctx, o, "GET", `/Users?filter=${encodeURIComponent(filter)}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  expect(res.body.schemas).toEqual([URN_LIST]);
  const byId = Object.fromEntries(Object.entries(ids).map(([k, v]) => [v, k]));
  return res.body.Resources.map((r: { id: string }) => byId[r.id] ?? r.id).sort();
}

describe("SCIM filters: every operator", () => {
  it.each([
    ['userName eq "ADA@alpha.example"', ["ada"]],
    ['userName ne "ada@alpha.example"', ["bob", "cy", "dee"]],
    ['displayName co "ee"', ["dee"]],
    ['userName sw "b"', ["bob"]],
    ['userName ew "@ALPHA.example"', ["ada", "cy"]],
    ["title pr", ["ada", "bob", "dee"]],
    ['meta.created gt "1970-01-01T00:00:00Z"', ["ada", "bob", "cy", "dee"]],
    ['externalId ge "E-2"', ["bob", "dee", "cy"].sort()],
    ['externalId gt "E-2"', ["cy", "dee"]],
    ['externalId lt "E-2"', ["ada"]],
    ['externalId le "E-2"', ["ada", "bob"]],
    ["active eq false", ["dee"]],
    ['title eq "Engineer" and active eq true', ["ada"]],
    ['title eq "Sales Lead" or displayName sw "Cy"', ["bob", "cy"]],
    ['not (title pr)', ["cy"]],
    ['(userName ew "alpha.example" or userName ew "beta.example") and not (displayName eq "Cy Young")', ["ada", "bob"]],
    ['emails[type eq "home"]', ["ada"]],
    ['emails[type eq "work" and value co "beta"]', ["bob"]],
    ['emails.value sw "cy@"', ["cy"]],
    [`${URN_ENTERPRISE}:department eq "Engineering"`, ["ada", "cy"]],
    [`${URN_USER}:userName eq "bob@beta.example"`, ["bob"]],
    ['externalId eq "E-3"', []],
    ['externalId eq "e-3"', ["cy"]],
  ])("%s", async (filter, expected) => {
    expect(await who(filter)).toEqual([...expected].sort());
  });

  it("refuses a malformed filter with 400 invalidFilter", async () => {
    for (const bad of ['userName eq', 'userName zz "x"', '(userName eq "x"', 'userName eq "\u0000"', "x".repeat(3000)]) {
      expectScimError(await scim(ctx, o, "GET", `/Users?filter=${encodeURIComponent(bad)}`), 400, "invalidFilter");
    }
  });
});

describe("SCIM paging and attributes", () => {
  it("startIndex and count page the filtered results with totalResults", async () => {
    const filter = encodeURIComponent('userName ew ".example"');
    const first = await scim(ctx, o, "GET", `/Users?filter=${filter}&startIndex=1&count=2`);
    expect(first.body).toMatchObject({ totalResults: 4, startIndex: 1, itemsPerPage: 2 });
    const second = await scim(ctx, o, "GET", `/Users?filter=${filter}&startIndex=3&count=2`);
    expect(second.body).toMatchObject({ totalResults: 4, startIndex: 3, itemsPerPage: 2 });
    const all = [...first.body.Resources, ...second.body.Resources].map((r: { id: string }) => r.id);
    expect(new Set(all).size).toBe(4);
    const none = await scim(ctx, o, "GET", `/Users?count=0`);
    expect(none.body).toMatchObject({ totalResults: 4, itemsPerPage: 0, Resources: [] });
    const past = await scim(ctx, o, "GET", `/Users?startIndex=10`);
    expect(past.body).toMatchObject({ totalResults: 4, startIndex: 10, itemsPerPage: 0 });
    const clamped = await scim(ctx, o, "GET", `/Users?startIndex=0&count=-5`);
    expect(clamped.body).toMatchObject({ startIndex: 1, itemsPerPage: 0 });
    expectScimError(await scim(ctx, o, "GET", `/Users?count=many`), 400, "invalidValue");
  });

  it("attributes returns only what is asked (plus id and schemas); excludedAttributes drops what is named", async () => {
    const only = await scim(ctx, o, "GET", `/Users/${ids.ada}?attributes=userName,name.givenName,emails.value,${URN_ENTERPRISE}:department`);
    expect(only.body).toEqual({
      schemas: [URN_USER, URN_ENTERPRISE],
      id: ids.ada,
      userName: "ada@alpha.example",
      emails: [{ value: "ada@alpha.example" }, { value: "ada@home.example" }],
      [URN_ENTERPRISE]: { department: "Engineering" },
    });
    const without = await scim(ctx, o, "GET", `/Users?filter=${encodeURIComponent('userName eq "bob@beta.example"')}&excludedAttributes=emails,meta,id`);
    expect(without.body.Resources[0].emails).toBeUndefined();
    expect(without.body.Resources[0].meta).toBeUndefined();
    expect(without.body.Resources[0].id).toBe(ids.bob);
    expect(without.body.Resources[0].userName).toBe("bob@beta.example");
    expectScimError(await scim(ctx, o, "GET", `/Users?attributes=${encodeURIComponent("bad path!")}`), 400, "invalidPath");
  });
});
