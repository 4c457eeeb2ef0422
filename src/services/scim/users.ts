import { sql } from "kysely";
import type { ActorContext, TeamActor } from "../../domain/actors.js";
import { normalizeEmail } from "../../domain/claim-rules.js";
import { requireCoreSchema } from "../../domain/scim/attribute-names.js";
import { invalidValue, ScimError } from "../../domain/scim/errors.js";
import { applyPatch, readPatchOperations } from "../../domain/scim/patch.js";
import { displayNameOf, emailOf, readUserInput, type UserInput } from "../../domain/scim/user-resource.js";
import type { AppDeps } from "../../deps.js";
import { mergeMembership } from "../accounts/memberships.js";
import type { Executor } from "../db-types.js";
import { createProvision } from "../provisions/create.js";
import { deleteMember, lockPendingProvision, reactivateMember, suspendMember } from "../team/member-actions.js";
import { getPolicy } from "../team/policy.js";
import { inviteNewPerson, lockInviteeInvitation } from "./invitees.js";
import { change, type Unit } from "../unit-of-work.js";
import { isUniqueViolation } from "../unique-violation.js";
import { getScimUser } from "./user-read.js";

/**
 * What an identity provider does to a person, through the same lifecycle services as the team API and
 * the dashboard (audit events, guards, key-cache invalidation), each in one unit of work that first
 * takes the organization's lock and the member's row: concurrent calls on one person apply one after
 * another, each to what the previous one left.
 */
type Ctx = ActorContext<TeamActor>;

async function lockOrganization(unit: Unit, organizationId: string) {
  await unit.trx.selectFrom("organizations").select("id").where("id", "=", organizationId).forNoKeyUpdate().executeTakeFirst();
}

async function lockMember(unit: Unit, organizationId: string, userId: string) {
  const m = await unit.trx
    .selectFrom("memberships")
    .select(["user_id", "state"])
    .where("organization_id", "=", organizationId)
    .where("user_id", "=", userId)
    .forUpdate()
    .executeTakeFirst();
  if (!m) throw new ScimError(404, undefined, `No user ${userId} in this organization.`);
  return m;
}

/** userName is unique in the organization, case-insensitively, across SCIM profiles and the accounts of members without one. */
async function assertUserNameFree(db: Executor, organizationId: string, userName: string, exceptUserId: string | null) {
  let query = db
    .selectFrom("memberships as m")
    .innerJoin("users as u", "u.id", "m.user_id")
    .leftJoin("scim_users as s", (j) => j.onRef("s.organization_id", "=", "m.organization_id").onRef("s.user_id", "=", "m.user_id"))
    .select("m.user_id")
    .where("m.organization_id", "=", organizationId)
    .where(sql<string>`lower(coalesce(s.user_name, u.email))`, "=", userName.toLowerCase());
  if (exceptUserId) query = query.where("m.user_id", "<>", exceptUserId);
  if (await query.executeTakeFirst()) throw new ScimError(409, "uniqueness", `The userName ${userName} is already taken in this organization.`);
}

function uniqueness(err: unknown): never {
  if (isUniqueViolation(err)) throw new ScimError(409, "uniqueness", "The userName is already taken in this organization.");
  throw err;
}

/** Writes the SCIM profile (insert or full replacement); returns the attribute names that changed. */
async function saveProfile(unit: Unit, organizationId: string, userId: string, input: UserInput): Promise<{ linked: boolean; changed: string[] }> {
  const before = await unit.trx
    .selectFrom("scim_users")
    .select(["user_name", "external_id", "attributes"])
    .where("organization_id", "=", organizationId)
    .where("user_id", "=", userId)
    .executeTakeFirst();
  const values = { user_name: input.userName, external_id: input.externalId, attributes: JSON.stringify(input.attributes), updated_at: unit.now };
  if (!before) {
    await unit.trx
      .insertInto("scim_users")
      .values({ organization_id: organizationId, user_id: userId, created_at: unit.now, ...values })
      .execute()
      .catch(uniqueness);
    return { linked: true, changed: [] };
  }
  const changed = [
    ...(before.user_name !== input.userName ? ["userName"] : []),
    ...(before.external_id !== input.externalId ? ["externalId"] : []),
    ...diffKeys(before.attributes, input.attributes),
  ].sort();
  if (changed.length) {
    await unit.trx
      .updateTable("scim_users")
      .set(values)
      .where("organization_id", "=", organizationId)
      .where("user_id", "=", userId)
      .execute()
      .catch(uniqueness);
  }
  return { linked: false, changed };
}

function diffKeys(a: Record<string, unknown>, b: Record<string, unknown>): string[] {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].filter((k) => canonical(a[k]) !== canonical(b[k])).sort();
}

/** JSON with sorted keys: jsonb stores keys in its own order, so a plain stringify would see changes that are not. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(",")}]`;
  if (v && typeof v === "object") {
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`)
      .join(",")}}`;
  }
  return JSON.stringify(v) ?? "undefined";
}

/** active false: suspended with immediate deauthorization; true: reactivated. Both idempotent. */
async function applyActive(deps: AppDeps, ctx: Ctx, unit: Unit, userId: string, state: string, active: boolean | undefined) {
  if (active === false && state !== "suspended") await suspendMember(deps, ctx, userId, { deauthorizeAfter: 0 }, { within: unit });
  if (active === true && state === "suspended") await reactivateMember(deps, ctx, userId, { within: unit });
}

/** After a change: the profile's audit event, when it linked the member or changed something. */
async function auditProfile(unit: Unit, userId: string, result: { linked: boolean; changed: string[] }, extra: Record<string, unknown> = {}) {
  if (result.linked) await unit.audit("scim.user_linked", { type: "user", id: userId }, extra);
  else if (result.changed.length) await unit.audit("scim.user_updated", { type: "user", id: userId }, { changed: result.changed });
}

/**
 * POST /Users. The person is found by email (userName when it is an address, else the primary email):
 * an existing account joins the organization (awaiting confirmation when the policy asks for it); an
 * address with no account gets, as the organization chose (`scimNewPeople`), a provision (placeholder,
 * project, default agent, key, claim link) that the person claims later, or an invitation mailed to it
 * (a placeholder the identity provider manages until the person accepts). A member already here is a 409 `uniqueness`: identity providers then match
 * them with a `userName eq` filter and PATCH them, which links them.
 */
export async function createScimUser(deps: AppDeps, ctx: Ctx, body: Record<string, unknown>, base: string): Promise<Record<string, unknown>> {
  requireCoreSchema(body, "User");
  const input = readUserInput(body);
  const email = emailOf(input);
  if (!email) throw invalidValue("userName (or a primary email) must be an email address: Handoff reaches people by email.");
  const organizationId = ctx.actor.organizationId;
  return change(deps, ctx, {}, async (unit) => {
    await lockOrganization(unit, organizationId);
    await assertUserNameFree(unit.trx, organizationId, input.userName, null);
    const account = await unit.trx
      .selectFrom("users")
      .select("id")
      .where(sql<string>`lower(email)`, "=", normalizeEmail(email))
      .where("status", "<>", "placeholder")
      .executeTakeFirst();
    let userId: string;
    let how: "joined" | "provisioned" | "invited";
    if (account) {
      const member = await unit.trx.selectFrom("memberships").select("user_id").where("organization_id", "=", organizationId).where("user_id", "=", account.id).executeTakeFirst();
      if (member) throw new ScimError(409, "uniqueness", `${email} is already a member of this organization; match them with a userName filter.`);
      await mergeMembership(unit.trx, organizationId, account.id, "member", unit.now);
      userId = account.id;
      how = "joined";
    } else if ((await getPolicy(unit.trx, organizationId)).scimNewPeople === "invitation") {
      userId = await inviteNewPerson(deps, ctx, unit, { email, name: displayNameOf(input) });
      how = "invited";
    } else {
      const created = await createProvision(deps, ctx, { role: "member", skipOnboarding: false, name: displayNameOf(input) ?? undefined, email }, { within: unit });
      userId = created.provision.user_id;
      how = "provisioned";
    }
    const saved = await saveProfile(unit, organizationId, userId, input);
    const state = (await lockMember(unit, organizationId, userId)).state;
    await auditProfile(unit, userId, saved, { how, userName: input.userName });
    await applyActive(deps, ctx, unit, userId, state, input.active);
    return getScimUser(unit.trx, organizationId, userId, base);
  });
}

/** PUT /Users/{id}: the profile replaced by the body; `active`, when given, applied. */
export async function replaceScimUser(deps: AppDeps, ctx: Ctx, userId: string, body: Record<string, unknown>, base: string) {
  requireCoreSchema(body, "User");
  const input = readUserInput(body);
  return writeUser(deps, ctx, userId, base, () => input);
}

/** PATCH /Users/{id}: the operations applied to the user as SCIM shows it, then stored like a PUT. */
export async function patchScimUser(deps: AppDeps, ctx: Ctx, userId: string, body: Record<string, unknown>, base: string) {
  const operations = readPatchOperations(body);
  return writeUser(deps, ctx, userId, base, (current) => readUserInput(applyPatch(current, operations)));
}

async function writeUser(deps: AppDeps, ctx: Ctx, userId: string, base: string, next: (current: Record<string, unknown>) => UserInput) {
  const organizationId = ctx.actor.organizationId;
  return change(deps, ctx, {}, async (unit) => {
    await lockOrganization(unit, organizationId);
    const m = await lockMember(unit, organizationId, userId);
    const input = next(await getScimUser(unit.trx, organizationId, userId, base));
    await assertUserNameFree(unit.trx, organizationId, input.userName, userId);
    const saved = await saveProfile(unit, organizationId, userId, input);
    await auditProfile(unit, userId, saved, { how: "matched", userName: input.userName });
    await applyActive(deps, ctx, unit, userId, m.state, input.active);
    return getScimUser(unit.trx, organizationId, userId, base);
  });
}

/**
 * DELETE /Users/{id}: the member is suspended (if not already) and deleted from this organization, with
 * their projects here deleted as the team API does without a transfer; their account elsewhere stays.
 */
export async function deleteScimUser(deps: AppDeps, ctx: Ctx, userId: string): Promise<void> {
  const organizationId = ctx.actor.organizationId;
  await change(deps, ctx, {}, async (unit) => {
    // A claim locks the provision then the membership, an acceptance the invitation then the
    // membership: taking them in the same order keeps a DELETE racing either from deadlocking.
    await lockPendingProvision(unit.trx, organizationId, userId);
    await lockInviteeInvitation(unit.trx, organizationId, userId);
    await lockOrganization(unit, organizationId);
    const m = await lockMember(unit, organizationId, userId);
    if (m.state !== "suspended") await suspendMember(deps, ctx, userId, { deauthorizeAfter: 0 }, { within: unit });
    await deleteMember(deps, ctx, userId, {}, { within: unit });
  });
}
