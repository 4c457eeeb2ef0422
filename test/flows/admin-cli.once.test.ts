// `npm run handoff-admin -- owner-setup-link` (finding 11): a new owner setup link for an organization
// whose link expired or was lost; the older links stop working.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { connectDatabase } from "../../db/connect.js";
import { migrateToLatest } from "../../db/migrate.js";
import { createOrganization } from "../../src/services/bootstrap.js";
import { hashApiKey } from "../../src/domain/api-key.js";
import { TEAM_SCOPES } from "../../src/domain/team-scopes.js";

const dir = mkdtempSync(join(tmpdir(), "handoff-admin-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function admin(...args: string[]) {
  return spawnSync(process.execPath, ["node_modules/tsx/dist/cli.mjs", "src/entry/admin.ts", ...args], {
    encoding: "utf8",
    env: { ...process.env, HANDOFF_DATA_DIR: dir, DATABASE_URL: "", PUBLIC_URL: "https://handoff.example.com", LOG_LEVEL: "silent" },
    timeout: 60_000,
  });
}

describe("handoff-admin owner-setup-link", () => {
  it("prints a new link for the organization (embedded database); older links stop working", async () => {
    const handle = await connectDatabase({ dataDir: dir });
    await migrateToLatest(handle.db);
    const org = await createOrganization(handle.db, { organizationName: "Cli Org", publicUrl: "https://handoff.example.com", now: new Date() });
    await handle.close();

    const res = admin("owner-setup-link");
    expect(res.status, res.stderr).toBe(0);
    const url = /https:\/\/handoff\.example\.com\/setup\/[A-Za-z0-9_-]+/.exec(res.stdout)?.[0];
    expect(url).toBeDefined();
    expect(url).not.toBe(org.ownerSetupUrl);
    expect(res.stdout).toContain(org.organizationId);
    expect(res.stdout).toMatch(/expires/i);

    const reopened = await connectDatabase({ dataDir: dir });
    const rows = await reopened.db.selectFrom("owner_setup_tokens").select("organization_id").execute();
    expect(rows).toEqual([{ organization_id: org.organizationId }]);
    await reopened.close();
  });

  it("refuses an unknown --org-id (exit 1) and names it", () => {
    const res = admin("owner-setup-link", "--org-id", "org_nope");
    expect(res.status).toBe(1);
    expect(res.stderr).toContain("org_nope");
  });
});

describe("handoff-admin api-key", () => {
  it("prints a new every-scope organization key that works, after the bootstrap key was revoked", async () => {
    const handle = await connectDatabase({ dataDir: dir });
    const org = await handle.db.selectFrom("organizations").select("id").orderBy("created_at").executeTakeFirstOrThrow();
    await handle.db.updateTable("api_keys").set({ revoked_at: new Date() }).where("organization_id", "=", org.id).execute();
    await handle.close();

    const res = admin("api-key");
    expect(res.status, res.stderr).toBe(0);
    const key = /hnd_[A-Za-z0-9]+/.exec(res.stdout)?.[0];
    expect(key).toBeDefined();

    const reopened = await connectDatabase({ dataDir: dir });
    const live = await reopened.db
      .selectFrom("api_keys")
      .select(["scopes", "created_by_user_id", "secret_hash"])
      .where("organization_id", "=", org.id)
      .where("revoked_at", "is", null)
      .execute();
    expect(live).toHaveLength(1);
    expect(live[0]!.scopes).toEqual([...TEAM_SCOPES]);
    expect(live[0]!.created_by_user_id).toBeNull();
    expect(live[0]!.secret_hash).toBe(hashApiKey(key!));
    const events = await reopened.db.selectFrom("audit_events").select("action").where("organization_id", "=", org.id).where("action", "=", "organization_api_key.created").execute();
    expect(events).toHaveLength(1);
    await reopened.close();
  });
});
