import { Migrator, type Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectDatabase, type DatabaseHandle } from "../../db/connect.js";
import { migrations } from "../../db/migrations/index.js";

// The team lifecycle migration on a database that already holds organizations, members and pending
// provisions: states, the built-in group and invitations' new columns are filled in for what exists.

let handle: DatabaseHandle;
let db: Kysely<any>;
const migrator = () => new Migrator({ db, provider: { getMigrations: async () => migrations } });
const at = new Date("2026-11-20T10:00:00.000Z");

beforeAll(async () => {
  handle = await connectDatabase({ dataDir: "memory://" });
  db = handle.db as Kysely<any>;
  const before = await migrator().migrateTo("2026-11-22T1720_invitations");
  if (before.error) throw before.error;
  await db.insertInto("organizations").values([{ id: "org_a", name: "A", created_at: at }, { id: "org_b", name: "B", created_at: at }]).execute();
  await db
    .insertInto("users")
    .values([
      { id: "usr_owner", status: "active", email: "o@example.com", created_at: at, updated_at: at },
      { id: "usr_placeholder", status: "placeholder", created_at: at, updated_at: at },
    ])
    .execute();
  await db
    .insertInto("memberships")
    .values([
      { organization_id: "org_a", user_id: "usr_owner", role: "owner", created_at: at },
      { organization_id: "org_a", user_id: "usr_placeholder", role: "member", created_at: at },
    ])
    .execute();
  await db
    .insertInto("invitations")
    .values({ id: "inv_1", organization_id: "org_a", role: "member", token_hash: "h", expires_at: at, created_by_type: "user", created_by_id: "usr_owner", created_at: at })
    .execute();
  const after = await migrator().migrateToLatest();
  if (after.error) throw after.error;
}, 60_000);

afterAll(async () => {
  await handle?.close();
});

describe("team lifecycle migration", () => {
  describe("happy", () => {
    it("placeholders of unclaimed provisions are pending, everyone else active since they joined", async () => {
      const rows = await db.selectFrom("memberships").select(["user_id", "state", "joined_at"]).orderBy("user_id").execute();
      expect(rows).toEqual([
        { user_id: "usr_owner", state: "active", joined_at: at },
        { user_id: "usr_placeholder", state: "pending", joined_at: null },
      ]);
    });

    it("every existing organization gets the built-in Provision Managers group", async () => {
      const groups = await db.selectFrom("groups").select(["organization_id", "name", "builtin", "permissions", "id"]).orderBy("organization_id").execute();
      expect(groups.map((g) => [g.organization_id, g.name, g.builtin, g.permissions])).toEqual([
        ["org_a", "Provision Managers", "provision_managers", ["provision", "confirm", "recover"]],
        ["org_b", "Provision Managers", "provision_managers", ["provision", "confirm", "recover"]],
      ]);
      for (const g of groups) expect(g.id).toMatch(/^grp_[0-9a-f]{21}$/);
    });

    it("organizations get the default policy; invitations their send time", async () => {
      const org = await db.selectFrom("organizations").selectAll().where("id", "=", "org_a").executeTakeFirstOrThrow();
      expect(org).toMatchObject({ confirmation_required: false, delete_permission: "admins", auto_delete_suspended_after_days: null });
      const inv = await db.selectFrom("invitations").selectAll().executeTakeFirstOrThrow();
      expect(inv).toMatchObject({ sent_at: at, revoked_at: null, resend_count: 0 });
    });
  });

  describe("errors", () => {
    it("refuses an unknown state and a suspension without its deadline", async () => {
      await expect(db.updateTable("memberships").set({ state: "gone" }).where("user_id", "=", "usr_owner").execute()).rejects.toThrow();
      await expect(db.updateTable("memberships").set({ state: "suspended" }).where("user_id", "=", "usr_owner").execute()).rejects.toThrow();
    });

    it("refuses a policy out of range", async () => {
      await expect(db.updateTable("organizations").set({ auto_delete_suspended_after_days: 181 }).where("id", "=", "org_a").execute()).rejects.toThrow();
      await expect(db.updateTable("organizations").set({ delete_permission: "members" }).where("id", "=", "org_a").execute()).rejects.toThrow();
    });

    it("refuses a second group of the same name (any case) in one organization", async () => {
      const row = { organization_id: "org_a", description: "", permissions: "[]", created_at: at, updated_at: at };
      await expect(db.insertInto("groups").values({ ...row, id: "grp_x", name: "provision managers" }).execute()).rejects.toThrow();
    });
  });

  describe("security", () => {
    it("group members belong to the organization: a person from elsewhere cannot be added", async () => {
      const group = await db.selectFrom("groups").select("id").where("organization_id", "=", "org_b").executeTakeFirstOrThrow();
      await expect(
        db.insertInto("group_members").values({ organization_id: "org_b", group_id: group.id, user_id: "usr_owner", created_at: at }).execute(),
      ).rejects.toThrow();
    });

    it("migrates down and up again", async () => {
      const down = await migrator().migrateDown();
      expect(down.error).toBeUndefined();
      const up = await migrator().migrateToLatest();
      expect(up.error).toBeUndefined();
    });
  });
});
