import type { Insertable } from "kysely";
import type {
  AgentsTable,
  ApiKeysTable,
  AuditEventsTable,
  MembershipsTable,
  ProjectsTable,
  Provision,
  ProvisionsTable,
  UsersTable,
} from "../../../db/schema.js";
import { DEFAULT_AGENT } from "../../domain/agents.js";
import { newId } from "../../domain/ids.js";
import { EXPIRES_IN } from "../../domain/provision-rules.js";
import { actorRef, type ActorContext, type TeamActor } from "../../domain/actors.js";
import type { AppDeps } from "../../deps.js";
import { compiledOnce } from "../compiled-once.js";
import { change, type ChangeOptions } from "../unit-of-work.js";
import { newKeyRow } from "../keys/issue.js";
import { hasEnabledEndpoint } from "../webhooks/fan-out.js";
import { mailClaimLink } from "../mail/notices.js";
import { issueClaimLink } from "./claim-url.js";

export type CreateProvisionInput = {
  role: "admin" | "member";
  skipOnboarding: boolean;
  name?: string | undefined;
  email?: string | undefined;
  projectName?: string | undefined;
  expiresIn?: number | undefined;
  metadata?: Record<string, unknown> | undefined;
  /** Mail the claim link to `email` (when mail is configured); false: the admin hands it over. */
  sendEmail?: boolean | undefined;
};

/** `mailed`: the claim link was queued for mail in this change (else nothing was, and there is no delivery to show). */
export type CreatedProvision = { provision: Provision; apiKey: string; claimUrl: string; mailed: boolean };


function defaultProjectName(name: string | undefined): string {
  return name ? `${name}'s project` : "Default project";
}

type ProvisionRows = {
  user: Insertable<UsersTable>;
  membership: Insertable<MembershipsTable>;
  project: Insertable<ProjectsTable>;
  agent: Insertable<AgentsTable>;
  key: Insertable<ApiKeysTable>;
  audit: Insertable<AuditEventsTable>;
  provision: Insertable<ProvisionsTable>;
};

/**
 * The seven inserts as one statement (data-modifying CTEs), compiled once: a provision only binds its
 * values (see compiledOnce). PostgreSQL checks the foreign keys between the rows at the end of the
 * statement. It also answers whether the organization has an enabled webhook endpoint, so a provision
 * without one skips the fan-out's query (4 round trips → 3: BEGIN, this, COMMIT).
 */
const insertProvision = compiledOnce((db, rows: ProvisionRows) =>
  db
    .with("new_user", (q) => q.insertInto("users").values(rows.user).returning("id"))
    .with("new_membership", (q) => q.insertInto("memberships").values(rows.membership).returning("user_id"))
    .with("new_project", (q) => q.insertInto("projects").values(rows.project).returning("id"))
    .with("new_agent", (q) => q.insertInto("agents").values(rows.agent).returning("id"))
    .with("new_key", (q) => q.insertInto("api_keys").values(rows.key).returning("id"))
    .with("new_audit", (q) => q.insertInto("audit_events").values(rows.audit).returning("id"))
    .insertInto("provisions")
    .values(rows.provision)
    .returningAll()
    .returning(hasEnabledEndpoint(rows.provision.organization_id).as("has_webhook_endpoint")),
);

/**
 * One provision, whole or not at all: placeholder user, membership, project, default agent, key,
 * provision record and audit event, written by ONE statement (data-modifying CTEs) inside the
 * caller's unit of work. PostgreSQL checks the foreign keys between them at the end of the statement,
 * and the whole provision costs one round trip instead of seven.
 */
export function createProvision(
  deps: AppDeps,
  ctx: ActorContext<TeamActor>,
  input: CreateProvisionInput,
  opts: ChangeOptions = {},
): Promise<CreatedProvision> {
  return change(deps, ctx, opts, async (unit) => {
    const { trx, now, auditEvent, announce } = unit;
    const org = ctx.actor.organizationId;
    const expiresAt = new Date(now.getTime() + (input.expiresIn ?? EXPIRES_IN.default) * 1000);
    const ids = { user: newId("user"), project: newId("project"), agent: newId("agent"), provision: newId("provision") };
    const projectName = input.projectName ?? defaultProjectName(input.name);
    const key = newKeyRow({ organizationId: org, kind: "project", projectId: ids.project, agentId: ids.agent, name: "Provisioned key", now });
    const link = await issueClaimLink(deps, ids.provision, expiresAt);
    const createdBy = actorRef(ctx.actor);

    const event = auditEvent(
      "provision.created",
      { type: "provision", id: ids.provision },
      { role: input.role, userId: ids.user, projectId: ids.project, agentId: ids.agent, apiKeyId: key.values.id },
    );
    const rows: ProvisionRows = {
      user: { id: ids.user, status: "placeholder", name: input.name ?? null, email: input.email ?? null, password_hash: null, created_at: now, updated_at: now },
      membership: { organization_id: org, user_id: ids.user, role: input.role, state: "pending", created_at: now },
      project: { id: ids.project, organization_id: org, owner_user_id: ids.user, name: projectName, created_at: now, updated_at: now },
      agent: {
        id: ids.agent,
        organization_id: org,
        project_id: ids.project,
        name: DEFAULT_AGENT.name,
        identifier: DEFAULT_AGENT.identifier,
        is_default: true,
        created_at: now,
        updated_at: now,
      },
      key: key.values,
      audit: event,
      provision: {
        id: ids.provision,
        organization_id: org,
        status: "pending",
        role: input.role,
        skip_onboarding: input.skipOnboarding,
        name: input.name ?? null,
        email: input.email ?? null,
        project_name: projectName,
        metadata: input.metadata === undefined ? null : JSON.stringify(input.metadata),
        user_id: ids.user,
        project_id: ids.project,
        agent_id: ids.agent,
        api_key_id: key.values.id,
        claim_nonce_hash: link.nonceHash,
        expires_at: expiresAt,
        created_by_type: createdBy.type,
        created_by_id: createdBy.id!,
        created_at: now,
        updated_at: now,
      },
    };
    const [written] = await insertProvision(trx, rows);
    if (!written) throw new Error("the provision statement returned no row");
    const { has_webhook_endpoint: fanOut, ...provision } = written;
    if (fanOut) await announce([event.id]);
    const messageId =
      provision.email && input.sendEmail !== false
        ? await mailClaimLink(deps, unit, {
            organizationId: org,
            provisionId: provision.id,
            email: provision.email,
            name: provision.name,
            projectName,
            claimUrl: link.claimUrl,
            expiresAt,
          })
        : null;
    return { provision, apiKey: key.secret, claimUrl: link.claimUrl, mailed: messageId !== null };
  });
}
