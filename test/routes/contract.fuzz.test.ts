import Ajv2020, { type ValidateFunction } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { documentFromApp } from "../../sdk/scripts/openapi-types.js";
import { generateApiKey } from "../../src/domain/api-key.js";
import { TEAM_SCOPES } from "../../src/domain/team-scopes.js";
import { person, tokenOf } from "../support/claims.js";
import { useTestContext } from "../support/context.js";
import { org, provision } from "../support/factories.js";
import { call } from "../support/http.js";

/**
 * The contract, driven from its own description: every operation of /openapi.json gets a valid request
 * built from its schemas, then mutated (wrong types, missing and extra fields, hostile strings, deep and
 * huge bodies, bad ids, cursors and query values, no key, malformed, unknown and wrong-kind keys) plus
 * seeded random values from fast-check. Every answer must be: not a 5xx, a status the operation
 * documents, a body that validates against the documented schema (ajv, JSON Schema 2020-12), and
 * application/problem+json when it is an error. The valid request must succeed.
 */

// High limits: the fuzzer sends many requests per key; rate limiting has its own tests.
const ctx = useTestContext({ RATE_LIMIT_PER_KEY: "1000000", RATE_LIMIT_PER_ORGANIZATION: "1000000", RATE_LIMIT_PER_IP: "1000000" });

const SEED = 20261130;
const RANDOM_PER_OPERATION = 12;
const BASE = "http://handoff.test";

type Json = Record<string, any>;
type Operation = { path: string; method: string; op: Json };
type Fixtures = {
  ids: Record<string, string>;
  adminKey: string;
  /** An OAuth app's credentials (HTTP Basic at the token endpoints) and one of its access tokens. */
  client: { id: string; secret: string };
  oauthToken: string;
  projectKey: string;
  cookie: string;
  claimToken: string;
};
type Req = {
  label: string;
  path: string;
  query: [string, string][];
  rawQuery?: string;
  headers: Record<string, string>;
  body?: string;
  contentType?: string;
  credentials: "valid" | "none" | "malformed" | "unknown" | "other-kind";
};

// Enumerated at collection time from the same generator the app serves (no database needed).
const staticDoc = (await documentFromApp({ PUBLIC_URL: BASE })) as Json;
const operations: Operation[] = Object.entries<Json>(staticDoc.paths).flatMap(([path, item]) =>
  Object.entries<Json>(item).map(([method, op]) => ({ path, method, op })),
);

let doc: Json;
let requestsSent = 0;
let ajv: Ajv2020;
const validators = new Map<string, ValidateFunction>();

beforeAll(async () => {
  doc = (await call(ctx, "GET", "/openapi.json")).body;
  ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema({ ...doc, $id: "urn:handoff:openapi" });
});

function pointer(ref: string): Json {
  return ref
    .replace(/^#\//, "")
    .split("/")
    .reduce<Json>((node, part) => node[part.replace(/~1/g, "/").replace(/~0/g, "~")], doc);
}

const resolve = (s: Json | undefined): Json => (s?.$ref ? resolve(pointer(s.$ref)) : (s ?? {}));
const escapePointer = (s: string) => s.replace(/~/g, "~0").replace(/\//g, "~1");

function validatorFor(o: Operation, status: string, media: string): ValidateFunction {
  const key = `${o.path} ${o.method} ${status} ${media}`;
  let v = validators.get(key);
  if (!v) {
    const at = ["paths", o.path, o.method, "responses", status, "content", media, "schema"].map(escapePointer).join("/");
    v = ajv.compile({ $ref: `urn:handoff:openapi#/${at}` });
    validators.set(key, v);
  }
  return v;
}

// ---- valid values from schemas ---------------------------------------------------------------------

function idPrefixOf(s: Json): string | undefined {
  const example = typeof s.example === "string" ? s.example : undefined;
  return example && /^[a-z]{3}_/.test(example) ? example.slice(0, 3) : undefined;
}

function sampleString(s: Json, name: string, fx: Fixtures): string {
  if (name === "token" || name === "claim-token") return fx.claimToken;
  const prefix = idPrefixOf(s);
  if (prefix && fx.ids[prefix]) return fx.ids[prefix]!;
  if (s.format === "email") return "fuzz@example.com";
  if (s.format === "date-time") return new Date(ctx.clock.now()).toISOString();
  if (name === "idempotency-key") return `fuzz-${Math.random().toString(36).slice(2)}`;
  const candidates = [s.example, ...(s.examples ?? []), "sample", "sample-name", "a".repeat(Math.max(1, s.minLength ?? 1))];
  const ok = candidates.find(
    (c) =>
      typeof c === "string" &&
      c.length >= (s.minLength ?? 0) &&
      c.length <= (s.maxLength ?? Infinity) &&
      (!s.pattern || new RegExp(s.pattern, "u").test(c)),
  );
  if (ok === undefined) throw new Error(`no sample string for ${name}: ${JSON.stringify(s)}`);
  return ok;
}

function sample(schema: Json | undefined, name: string, fx: Fixtures): unknown {
  const s = resolve(schema);
  if (s.const !== undefined) return s.const;
  if (s.enum) return s.enum[0];
  if (s.default !== undefined) return s.default;
  const alternatives = s.anyOf ?? s.oneOf;
  if (alternatives) return sample(alternatives.find((a: Json) => resolve(a).type !== "null") ?? alternatives[0], name, fx);
  const type = Array.isArray(s.type) ? s.type.find((t: string) => t !== "null") : s.type;
  switch (type) {
    case "object": {
      const out: Json = {};
      for (const [key, prop] of Object.entries<Json>(s.properties ?? {})) out[key] = sample(prop, key, fx);
      if (!s.properties && s.additionalProperties !== false) out.note = "sample";
      return out;
    }
    case "array":
      return s.minItems ? Array.from({ length: s.minItems }, () => sample(s.items, name, fx)) : [];
    case "string":
      return sampleString(s, name, fx);
    case "integer":
    case "number":
      return s.minimum ?? (s.maximum !== undefined ? Math.min(s.maximum, 1) : 1);
    case "boolean":
      return true;
    default:
      return null;
  }
}

// ---- requests --------------------------------------------------------------------------------------

function bodySchema(o: Operation): Json | undefined {
  const content = o.op.requestBody?.content;
  return content?.["application/json"]?.schema;
}

/** The OAuth endpoints take form bodies (RFC 6749); the fuzzer sends their valid request form-encoded. */
function formSchema(o: Operation): Json | undefined {
  return o.op.requestBody?.content?.["application/x-www-form-urlencoded"]?.schema;
}

function validRequest(o: Operation, fx: Fixtures): Req {
  let path = o.path;
  const query: [string, string][] = [];
  const headers: Record<string, string> = {};
  for (const p of (o.op.parameters ?? []) as Json[]) {
    const value = sample(p.schema, p.name, fx);
    if (p.in === "path") path = path.replace(`{${p.name}}`, encodeURIComponent(String(value)));
    if (p.in === "query" && p.required) query.push([p.name, String(value)]);
    if (p.in === "header") headers[p.name] = String(value);
  }
  const schema = bodySchema(o);
  const req: Req = { label: "valid", path, query, headers, credentials: "valid" };
  const form = formSchema(o);
  if (form) {
    const fields = sample(form, "(form)", fx) as Record<string, unknown>;
    req.body = new URLSearchParams(Object.entries(fields).map(([k, v]) => [k, String(v)])).toString();
    req.contentType = "application/x-www-form-urlencoded";
  }
  if (schema) {
    req.body = JSON.stringify(sample(schema, "(body)", fx));
    req.contentType = "application/json";
  }
  return req;
}

const HOSTILE_STRINGS: [string, string][] = [
  ["NUL", "a\u0000b"],
  ["lone high surrogate", "a\ud800b"],
  ["lone low surrogate", "\udc00"],
  ["newline", "a\nb"],
  ["bell", "\u0007"],
  ["RTL override", "\u202egnp.exe"],
  ["emoji", "😀".repeat(8)],
  ["SQL", "' OR 1=1 --"],
  ["markup", "<script>alert(1)</script>"],
  ["traversal", "../../etc/passwd"],
  ["huge", "x".repeat(60_000)],
  ["empty", ""],
  ["spaces", "   "],
];

const HOSTILE_PATH_IDS = ["%00", "a%00b", "%ED%A0%80", "%0A", "x".repeat(300), "..%2F..%2Fkeys", "%F0%9F%98%80", "null", "0", "prv_", "key_%00", "%25"];

const HOSTILE_QUERY_VALUES = ["%00", "%ED%A0%80", "%0A", "-1", "0", "abc", "1e309", "101", "", "x".repeat(600), "%2F%2E%2E"];

function nest(depth: number): string {
  return '{"a":'.repeat(depth) + "1" + "}".repeat(depth);
}

function variants(base: Req, o: Operation, fx: Fixtures): Req[] {
  const out: Req[] = [];
  const v = (label: string, change: Partial<Req>) => out.push({ ...base, headers: { ...base.headers }, ...change, label });

  // Credentials.
  if (o.op.security?.length) {
    v("no credentials", { credentials: "none" });
    v("malformed credentials", { credentials: "malformed" });
    v("unknown key", { credentials: "unknown" });
    v("the other kind of key", { credentials: "other-kind" });
  }

  // Path ids.
  for (const p of ((o.op.parameters ?? []) as Json[]).filter((p) => p.in === "path")) {
    for (const id of HOSTILE_PATH_IDS) v(`path ${p.name}=${id.slice(0, 20)}`, { path: o.path.replace(`{${p.name}}`, id) });
  }

  // Query values, an unknown parameter, a repeated one.
  for (const p of ((o.op.parameters ?? []) as Json[]).filter((p) => p.in === "query")) {
    for (const value of HOSTILE_QUERY_VALUES) v(`query ${p.name}=${value.slice(0, 20)}`, { rawQuery: `${p.name}=${value}` });
    v(`query ${p.name} twice`, { rawQuery: `${p.name}=1&${p.name}=2` });
  }
  v("unknown query parameter", { rawQuery: "unexpected=%00" });

  // Headers (only values a client can send: no control characters in HTTP headers).
  for (const p of ((o.op.parameters ?? []) as Json[]).filter((p) => p.in === "header")) {
    for (const value of ["ü", " ", "x".repeat(2000), "a b", "\u00ff\u00fe"]) v(`header ${p.name}=${value.slice(0, 10)}`, { headers: { ...base.headers, [p.name]: value } });
    if (p.required) {
      const headers = { ...base.headers };
      delete headers[p.name];
      v(`header ${p.name} missing`, { headers });
    }
  }

  // Bodies.
  const schema = resolve(bodySchema(o));
  if (bodySchema(o)) {
    const valid = JSON.parse(base.body ?? "{}") as Json;
    const withProp = (label: string, key: string, value: unknown) => v(label, { body: JSON.stringify({ ...valid, [key]: value }) });
    for (const [key, raw] of Object.entries<Json>(schema.properties ?? {})) {
      const prop = resolve(raw);
      const types = [].concat(prop.type ?? []);
      for (const wrong of [42, "text", true, null, [], {}] as unknown[]) {
        const kind = wrong === null ? "null" : Array.isArray(wrong) ? "array" : typeof wrong === "number" ? "integer" : typeof wrong;
        if (!types.includes(kind as never) && !(kind === "integer" && types.includes("number" as never))) withProp(`${key}: wrong type ${kind}`, key, wrong);
      }
      if (types.includes("string" as never) || prop.enum) for (const [name, s] of HOSTILE_STRINGS) withProp(`${key}: ${name}`, key, s);
      if (types.includes("integer" as never) || types.includes("number" as never)) {
        for (const n of [-1, 0, 1.5, 2 ** 31, 2 ** 53 + 2, -(2 ** 53)]) withProp(`${key}: ${n}`, key, n);
      }
      if (types.includes("object" as never)) {
        v(`${key}: nested 5,000 deep`, { body: JSON.stringify({ ...valid, [key]: "@" }).replace('"@"', nest(5000)) });
        v(`${key}: nested 40 deep`, { body: JSON.stringify({ ...valid, [key]: "@" }).replace('"@"', nest(40)) });
        withProp(`${key}: NUL in a key`, key, { "a\u0000": 1 });
        withProp(`${key}: lone surrogate deep inside`, key, { a: [{ b: "\ud800" }] });
        withProp(`${key}: many keys`, key, Object.fromEntries(Array.from({ length: 3000 }, (_, i) => [`k${i}`, i])));
      }
      if (types.includes("array" as never)) withProp(`${key}: long array`, key, Array.from({ length: 5000 }, () => "agents:read"));
      if ((schema.required ?? []).includes(key)) {
        const { [key]: _gone, ...rest } = valid;
        v(`${key} missing`, { body: JSON.stringify(rest) });
      }
    }
    v("extra field", { body: JSON.stringify({ ...valid, unexpected: 1 }) });
    for (const [label, body] of [
      ["array body", "[]"],
      ["string body", '"x"'],
      ["number body", "42"],
      ["null body", "null"],
      ["invalid JSON", '{"a":'],
      ["empty body", ""],
      ["body nested 5,000 deep", nest(5000)],
      ["body over the size limit", JSON.stringify({ ...valid, padding: "x".repeat(70 * 1024) })],
      ["NUL in a top-level key", '{"\\u0000":1}'],
    ] as const) {
      v(label, { body });
    }
    v("text/plain body", { contentType: "text/plain" });
    v("form body", { contentType: "application/x-www-form-urlencoded", body: "a=1" });
    v("no content type", { contentType: "" });

    // Seeded random values for each property.
    const keys = Object.keys(schema.properties ?? {});
    if (keys.length > 0) {
      const anyValue = fc.oneof(
        fc.string({ unit: "binary", maxLength: 40 }),
        fc.integer(),
        fc.double(),
        fc.boolean(),
        fc.constant(null),
        fc.array(fc.string({ unit: "binary", maxLength: 8 }), { maxLength: 4 }),
        fc.dictionary(fc.string({ unit: "binary", maxLength: 6 }), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 4 }),
      );
      const picks = fc.sample(fc.tuple(fc.constantFrom(...keys), anyValue), { seed: SEED + o.path.length, numRuns: RANDOM_PER_OPERATION });
      picks.forEach(([key, value], i) => withProp(`random #${i} for ${key}`, key, value));
    }
  } else if (o.method !== "get") {
    v("unexpected JSON body", { body: '{"a":"\\u0000"}', contentType: "application/json" });
  }
  return out;
}

async function send(req: Req, o: Operation, fx: Fixtures): Promise<Response | null> {
  const headers: Record<string, string> = { ...req.headers };
  const secured = o.op.security?.length ? Object.keys(o.op.security[0]) : [];
  for (const scheme of secured) {
    const kind = scheme === "adminKey" ? "admin" : scheme === "projectKey" ? "project" : scheme;
    if (req.credentials === "none") {
      if (scheme === "claimToken") delete headers["claim-token"];
      continue;
    }
    if (kind === "session") {
      headers.cookie = req.credentials === "valid" ? fx.cookie : "handoff_session=nonsense";
      headers.origin = BASE;
      continue;
    }
    if (kind === "oauthClient") {
      const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString("base64")}`;
      headers.authorization = {
        valid: basic(fx.client.id, fx.client.secret),
        malformed: "Basic !!!",
        unknown: basic("oac_unknown0000000000000", fx.client.secret),
        "other-kind": `Bearer ${fx.adminKey}`,
      }[req.credentials];
      continue;
    }
    if (kind === "oauthToken") {
      headers.authorization = {
        valid: `Bearer ${fx.oauthToken}`,
        malformed: "Bearer hat_not-a-token",
        unknown: `Bearer hat_${"A".repeat(43)}`,
        "other-kind": `Bearer ${fx.projectKey}`,
      }[req.credentials];
      continue;
    }
    if (kind === "claimToken") {
      if (req.credentials !== "valid") headers["claim-token"] = req.credentials === "malformed" ? "not a token" : "a.b.c";
      continue;
    }
    const own = kind === "admin" ? fx.adminKey : fx.projectKey;
    const other = kind === "admin" ? fx.projectKey : fx.adminKey;
    headers.authorization = {
      valid: `Bearer ${own}`,
      malformed: "Bearer hnd_not-a-key",
      unknown: `Bearer ${generateApiKey()}`,
      "other-kind": `Bearer ${other}`,
    }[req.credentials];
  }
  if (req.contentType) headers["content-type"] = req.contentType;
  const qs = req.rawQuery ?? req.query.map(([k, val]) => `${encodeURIComponent(k)}=${encodeURIComponent(val)}`).join("&");
  const url = `${BASE}${req.path}${qs ? `?${qs}` : ""}`;
  try {
    return await ctx.app.request(url, { method: o.method.toUpperCase(), headers, body: req.body });
  } catch (err) {
    // Only what no HTTP client can send (e.g. a header value fetch refuses) lands here.
    if (err instanceof TypeError && /header|ByteString/i.test(err.message)) return null;
    throw err;
  }
}

async function check(req: Req, o: Operation, fx: Fixtures, failures: string[]): Promise<number | null> {
  const res = await send(req, o, fx);
  if (!res) return null;
  requestsSent++;
  const text = await res.text();
  const where = `${o.method.toUpperCase()} ${o.path} [${req.label}] → ${res.status}`;
  const fail = (why: string) => failures.push(`${where}: ${why} ${text.slice(0, 300)}`);
  if (res.status >= 500) fail("a 5xx");
  const status = String(res.status);
  const declared = o.op.responses[status] ?? o.op.responses.default;
  if (!declared) {
    fail(`status ${status} is not documented (documented: ${Object.keys(o.op.responses).join(", ")})`);
    return res.status;
  }
  const contentType = res.headers.get("content-type") ?? "";
  // Errors are problem+json, except where the operation documents another shape (the OAuth endpoints' RFC 6749 errors).
  const documentedOther = Object.keys(declared.content ?? {}).some((m) => m !== "application/problem+json" && contentType.startsWith(m));
  if (res.status >= 400 && !contentType.startsWith("application/problem+json") && !documentedOther) fail(`an error as ${contentType}`);
  const media = Object.keys(declared.content ?? {}).find((m) => contentType.startsWith(m));
  if (!declared.content) {
    if (text !== "") fail("a body where none is documented");
  } else if (!media) {
    fail(`content type ${contentType} is not documented`);
  } else if (!/[/+]json$/.test(media)) {
    // A download (JSON lines, CSV): documented as text; JSON lines must each parse.
    if (media === "application/x-ndjson") {
      for (const line of text.split("\n").filter(Boolean)) {
        try {
          JSON.parse(line);
        } catch {
          fail("a JSON line that is not JSON");
          break;
        }
      }
    }
  } else {
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      fail("a body that is not JSON");
      return res.status;
    }
    const validate = validatorFor(o, status, media);
    if (!validate(body)) fail(`body does not match its schema: ${ajv.errorsText(validate.errors)}`);
  }
  return res.status;
}

async function fixtures(): Promise<Fixtures> {
  const o = await org(ctx, "Fuzz Org");
  const p = await provision(ctx, o, { name: "Fuzz", email: "fuzz-owner@example.com", metadata: { team: "fuzz" } });
  const target = await provision(ctx, o, { role: "member" });
  const agent = await call(ctx, "POST", "/v1/agents", { key: p.apiKey, body: { name: "Fuzz agent", identifier: "fuzz-agent" } });
  const key = await call(ctx, "POST", "/v1/keys", { key: p.apiKey, body: { name: "Fuzz key" } });
  if (agent.status !== 201 || key.status !== 201) throw new Error("fixtures failed");
  const someone = await person(ctx, "Fuzz Person");
  const cookie = [...someone.browser.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  // A member of the organization to act on (the target's placeholder), a group and an invitation of its own.
  const member = await provision(ctx, o, { role: "member" });
  const group = await call(ctx, "POST", "/v1/team/groups", { key: o.adminKey, body: { name: `Fuzz group ${member.id}` } });
  const invitation = await call(ctx, "POST", "/v1/team/invitations", { key: o.adminKey, body: {} });
  const scimToken = await call(ctx, "POST", "/v1/team/scim-tokens", { key: o.adminKey, body: { name: "Fuzz IdP" } });
  if (group.status !== 201 || invitation.status !== 201 || scimToken.status !== 201) throw new Error("team fixtures failed");
  const app = await call(ctx, "POST", "/v1/team/oauth-apps", { key: o.adminKey, body: { name: "Fuzz client", scopes: [...TEAM_SCOPES] } });
  // Client authentication is limited per address and minute (all fixtures come from one): a new minute.
  ctx.clock.advance(61_000);
  const token = await ctx.app.request(`${BASE}/v1beta1/users/oauth2/token`, {
    method: "POST",
    headers: {
      authorization: `Basic ${Buffer.from(`${app.body.clientId}:${app.body.clientSecret}`).toString("base64")}`,
      "content-type": "application/x-www-form-urlencoded",
      "user-agent": "fuzz/1.0",
    },
    body: "grant_type=client_credentials",
  });
  if (app.status !== 201 || token.status !== 200) throw new Error("oauth fixtures failed");
  const oauthToken = ((await token.json()) as { access_token: string }).access_token;
  // A webhook endpoint (a reserved name that never resolves: nothing leaves the machine) and one delivery.
  const webhook = await call(ctx, "POST", "/v1/team/webhooks", { key: o.adminKey, body: { url: "https://receiver.example/fuzz", events: ["webhook.tested"] } });
  const message = await call(ctx, "POST", `/v1/team/webhooks/${webhook.body.id}/test`, { key: o.adminKey });
  if (webhook.status !== 201 || message.status !== 202) throw new Error("webhook fixtures failed");
  return {
    ids: { prv: target.id, agt: agent.body.id, key: key.body.id, prj: p.projectId, usr: member.userId, org: o.organizationId, grp: group.body.id, inv: invitation.body.id, sct: scimToken.body.id, whk: webhook.body.id, msg: message.body.id, oac: app.body.id },
    adminKey: o.adminKey,
    client: { id: app.body.clientId, secret: app.body.clientSecret },
    oauthToken,
    projectKey: p.apiKey,
    cookie,
    claimToken: tokenOf(target.claimUrl),
  };
}

/**
 * What a valid request needs beyond the fixtures: the state its transition starts from (a member
 * awaiting confirmation, a suspended member to delete, a group member to remove).
 */
async function prepare(o: Operation, fx: Fixtures): Promise<void> {
  const route = `${o.method.toUpperCase()} ${o.path}`;
  const usr = fx.ids.usr!;
  if (route === "POST /v1/team/members/{userId}/confirm") {
    await ctx.db.updateTable("memberships").set({ state: "awaiting_confirmation" }).where("user_id", "=", usr).execute();
  }
  if (route === "DELETE /v1/team/members/{userId}") {
    await call(ctx, "POST", `/v1/team/members/${usr}/suspend`, { key: fx.adminKey, body: {} });
  }
  if (route === "POST /v1/team/members/{userId}/recovery/complete" || route === "POST /v1/team/members/{userId}/recovery/cancel") {
    await ctx.db.updateTable("memberships").set({ state: "recovery_accepted" }).where("user_id", "=", usr).execute();
  }
  if (route === "POST /v1/team/webhooks/{id}/deliveries/{deliveryId}/retry") {
    // Not while its first attempt may still be running: the fixture's delivery has settled.
    await ctx.settle();
  }
  if (o.path.startsWith("/v1/team/api-keys/{id}")) {
    // An organization key of its own (`key_` ids name project keys elsewhere), never the fixtures' admin key.
    const k = await call(ctx, "POST", "/v1/team/api-keys", { key: fx.adminKey, body: { name: "Fuzz organization key", scopes: ["members:read"] } });
    fx.ids.key = k.body.id;
  }
  if (route === "DELETE /v1/team/members/{userId}/scim") {
    const now = new Date();
    await ctx.db.insertInto("scim_users").values({ organization_id: fx.ids.org!, user_id: usr, user_name: `${usr}@fuzz.example`, created_at: now, updated_at: now }).execute();
  }
  if (route === "DELETE /v1/team/groups/{id}/members/{userId}") {
    await call(ctx, "PUT", `/v1/team/groups/${fx.ids.grp}/members/${usr}`, { key: fx.adminKey });
  }
}

afterAll(() => console.info(`contract fuzz: ${requestsSent} requests over ${operations.length} operations (seed ${SEED})`));

describe("the contract holds for generated and hostile requests", () => {
  it("covers every operation the app serves", async () => {
    expect(operations.length).toBeGreaterThan(15);
    expect(Object.keys(doc.paths).sort()).toEqual(Object.keys(staticDoc.paths).sort());
  });

  for (const o of operations) {
    it(`${o.method.toUpperCase()} ${o.path}`, async () => {
      const failures: string[] = [];
      // The valid request must succeed (on resources of its own: it may delete or claim them).
      const first = await fixtures();
      await prepare(o, first);
      const status = await check(validRequest(o, first), o, first, failures);
      if (status === null || status >= 300) failures.push(`${o.method.toUpperCase()} ${o.path} [valid] answered ${status}`);
      // Then the mutations, against fresh live resources.
      const fx = await fixtures();
      let sent = 0;
      for (const req of variants(validRequest(o, fx), o, fx)) if ((await check(req, o, fx, failures)) !== null) sent++;
      expect(sent).toBeGreaterThan(0);
      expect(failures.slice(0, 15)).toEqual([]);
    }, 120_000);
  }
});
