// Finding 3: what a database dump alone reveals. Idempotency-Key replays hold live API keys and claim
// links; they are sealed with key material the database never holds (HANDOFF_SEALING_KEY, or a file
// in the data directory), never with the claim-signing secret that may sit in server_secrets.
import { describe, expect, it } from "vitest";
import { createApp } from "../../src/app.js";
import { makeDeps } from "../../src/deps.js";
import { open } from "../../src/domain/sealed.js";
import { createLogger } from "../../src/logger.js";
import { resolveSigningSecrets } from "../../src/services/signing-secrets.js";
import { newOrganization, useTestContext } from "../support/context.js";

const ctx = useTestContext();

async function appWith(sealingKeys: { id: string; secret: string }[]) {
  // No CLAIM_SIGNING_SECRETS: the signing secret is generated and kept in server_secrets.
  const signingSecrets = await resolveSigningSecrets(ctx.db, undefined, ctx.clock.now());
  const deps = makeDeps({ db: ctx.db, config: ctx.config, signingSecrets, sealingKeys, clock: ctx.clock, logger: createLogger("silent") });
  return createApp(deps);
}

async function provisionTwice(app: ReturnType<typeof createApp>, idem: string) {
  const o = await newOrganization(ctx);
  const send = () =>
    app.request("/v1/team/provisions", {
      method: "POST",
      headers: { authorization: `Bearer ${o.adminKey}`, "content-type": "application/json", "idempotency-key": idem },
      body: JSON.stringify({ name: "Dump" }),
    });
  const first = await send();
  const replay = await send();
  return { o, first, firstBody: (await first.json()) as { apiKey: string; claimUrl: string }, replay };
}

/** Everything a dump holds: every row of every table. */
async function dump(): Promise<string> {
  const tables = ["organizations", "users", "api_keys", "provisions", "idempotency_keys", "server_secrets", "owner_setup_tokens", "audit_events"] as const;
  const rows = await Promise.all(tables.map((t) => ctx.db.selectFrom(t).selectAll().execute()));
  return JSON.stringify(rows);
}

describe("secrets at rest", () => {
  it("a stored replay cannot be opened with anything the database holds", async () => {
    const app = await appWith([{ id: "s1", secret: "sealing-key-kept-outside-the-db-0123456789" }]);
    const { o, first, firstBody, replay } = await provisionTwice(app, "dump-1");
    expect(first.status).toBe(201);
    expect(replay.status).toBe(201);
    expect(((await replay.json()) as { apiKey: string }).apiKey).toBe(firstBody.apiKey);

    const stored = await ctx.db.selectFrom("idempotency_keys").select("response_ciphertext").where("organization_id", "=", o.organizationId).executeTakeFirstOrThrow();
    const everything = await dump();
    expect(everything).not.toContain(firstBody.apiKey);
    expect(everything).not.toContain(firstBody.claimUrl);
    const box = stored.response_ciphertext!.slice(stored.response_ciphertext!.indexOf(":") + 1);
    const secrets = await ctx.db.selectFrom("server_secrets").select("secret").execute();
    expect(secrets.length).toBeGreaterThan(0);
    const context = `idempotency:${o.organizationId}:${(await ctx.db.selectFrom("api_keys").select("id").where("organization_id", "=", o.organizationId).executeTakeFirstOrThrow()).id}:dump-1`;
    for (const { secret } of secrets) expect(await open(box, secret, context)).toBeNull();
  });

  it("without a sealing key (Workers with no HANDOFF_SEALING_KEY) no key is kept: a replay is refused, never a second provision", async () => {
    const app = await appWith([]);
    const { o, first, firstBody, replay } = await provisionTwice(app, "dump-2");
    expect(first.status).toBe(201);
    expect(replay.status).toBe(422);
    expect(((await replay.json()) as { detail: string }).detail).toContain("HANDOFF_SEALING_KEY");
    expect(await dump()).not.toContain(firstBody.apiKey);
    const provisions = await ctx.db.selectFrom("provisions").select("id").where("organization_id", "=", o.organizationId).execute();
    expect(provisions).toHaveLength(1);
  });
});
