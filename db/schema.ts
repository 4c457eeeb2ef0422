import type { ColumnType, Generated, Insertable, Selectable, Updateable } from "kysely";

/** Timestamps are written as Date and read back as Date on both pg and PGlite. */
type Timestamp = ColumnType<Date, Date, Date>;
type Json = ColumnType<unknown, string, string>;

export type UserStatus = "placeholder" | "active" | "suspended";
export type Role = "owner" | "admin" | "member";
export type ProvisionStatus = "pending" | "claimed" | "cancelled" | "expired";
export type ApiKeyKind = "project" | "admin";
export type MembershipState =
  | "pending"
  | "awaiting_confirmation"
  | "active"
  | "suspended"
  | "recovery_started"
  | "recovery_accepted";
export type DeletePermission = "admins" | "owners";
export type RequireTwoStep = "none" | "admins" | "everyone";
export type ScimNewPeople = "provision" | "invitation";

export interface OrganizationsTable {
  id: string;
  name: string;
  created_at: Timestamp;
  updated_at: Timestamp | null;
  /** Policy: claims and invitations leave the member awaiting confirmation. */
  confirmation_required: Generated<boolean>;
  /** Policy: who holds the `delete` permission besides groups granting it. */
  delete_permission: ColumnType<DeletePermission, DeletePermission | undefined, DeletePermission>;
  /** Policy: the sweeper deletes members suspended this many days; null: never. */
  auto_delete_suspended_after_days: number | null;
  /** Policy: who must have two-step login on before using the team pages. */
  require_two_step: ColumnType<RequireTwoStep, RequireTwoStep | undefined, RequireTwoStep>;
  /** SCIM: a person created with no Handoff account gets a provision or an invitation. */
  scim_new_people: ColumnType<ScimNewPeople, ScimNewPeople | undefined, ScimNewPeople>;
}

export interface UsersTable {
  id: string;
  status: UserStatus;
  name: string | null;
  email: string | null;
  password_hash: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  /** When the person showed they read mail at `email`; null: unverified. */
  email_verified_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
}

export interface MembershipsTable {
  organization_id: string;
  user_id: string;
  role: Role;
  state: ColumnType<MembershipState, MembershipState | undefined, MembershipState>;
  created_at: Timestamp;
  /** When the person became a member (claim, invitation, owner setup); null while pending. */
  joined_at: Timestamp | null;
  confirmed_at: Timestamp | null;
  /** Set exactly while suspended, with the moment its sessions and keys stop. */
  suspended_at: Timestamp | null;
  deauthorize_at: Timestamp | null;
  /** While suspended: the state reactivation returns to. */
  suspended_from: MembershipState | null;
  last_seen_at: Timestamp | null;
}

export interface GroupsTable {
  id: string;
  organization_id: string;
  name: string;
  description: string;
  permissions: ColumnType<string[], string, string>;
  /** The slug of a built-in group (`provision_managers`): cannot be deleted. */
  builtin: string | null;
  /** The identity provider's id for a group it manages (SCIM externalId). */
  external_id: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface GroupMembersTable {
  organization_id: string;
  group_id: string;
  user_id: string;
  created_at: Timestamp;
}

export interface ProjectsTable {
  id: string;
  organization_id: string;
  owner_user_id: string;
  name: string;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface AgentsTable {
  id: string;
  organization_id: string;
  project_id: string;
  name: string;
  identifier: string;
  is_default: boolean;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ApiKeysTable {
  id: string;
  organization_id: string;
  kind: ApiKeyKind;
  project_id: string | null;
  agent_id: string | null;
  name: string;
  display_prefix: string;
  secret_hash: string;
  scopes: ColumnType<string[], string, string>;
  expires_at: Timestamp | null;
  revoked_at: Timestamp | null;
  last_used_at: Timestamp | null;
  replaced_by_key_id: string | null;
  created_at: Timestamp;
  /** Organization keys: the person whose permissions bound the key; null: the server (bootstrap key). */
  created_by_user_id: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface ProvisionsTable {
  id: string;
  organization_id: string;
  status: ProvisionStatus;
  role: "admin" | "member";
  skip_onboarding: boolean;
  name: string | null;
  email: string | null;
  project_name: string;
  metadata: Json | null;
  user_id: string;
  project_id: string;
  agent_id: string;
  api_key_id: string;
  claim_nonce_hash: string;
  expires_at: Timestamp;
  created_by_type: string;
  created_by_id: string;
  created_at: Timestamp;
  updated_at: Timestamp;
  claimed_by_user_id: string | null;
  claimed_at: Timestamp | null;
  cancelled_at: Timestamp | null;
  expired_at: Timestamp | null;
  resources_deleted_at: Timestamp | null;
}

export interface AuditEventsTable {
  id: string;
  organization_id: string;
  actor_type: string;
  actor_id: string | null;
  action: string;
  target_type: string;
  target_id: string;
  request_id: string | null;
  metadata: Json;
  created_at: Timestamp;
}

export type WebhookDeliveryStatus = "queued" | "sending" | "sent" | "failed";

export interface WebhookEndpointsTable {
  id: string;
  organization_id: string;
  url: string;
  description: string | null;
  /** Subscriptions: event types, families (`member.*`) or `*`. */
  events: ColumnType<string[], string, string>;
  enabled: Generated<boolean>;
  disabled_reason: string | null;
  secret_sealed: string;
  previous_secret_sealed: string | null;
  previous_secret_expires_at: Timestamp | null;
  failing_since: Timestamp | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface WebhookDeliveriesTable {
  id: string;
  organization_id: string;
  endpoint_id: string;
  event_id: string;
  event_type: string;
  /** The exact body signed and sent on every attempt. */
  payload: string;
  status: WebhookDeliveryStatus;
  attempts: Generated<number>;
  /** Queued: when it is due; sending: when the claim lapses. */
  next_attempt_at: Timestamp | null;
  last_attempt_at: Timestamp | null;
  response_status: number | null;
  duration_ms: number | null;
  last_error: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface SeatCountsTable {
  organization_id: string;
  /** The UTC day, as PostgreSQL's date (read back as a Date at midnight UTC by pg, a string by PGlite). */
  day: ColumnType<Date | string, string, string>;
  active: number;
  pending: number;
  awaiting_confirmation: number;
  suspended: number;
  updated_at: Timestamp;
}

export interface IdempotencyKeysTable {
  organization_id: string;
  principal_id: string;
  idempotency_key: string;
  operation: string;
  request_hash: string;
  status_code: number | null;
  response_ciphertext: string | null;
  created_at: Timestamp;
}

export interface OwnerSetupTokensTable {
  id: string;
  organization_id: string;
  token_hash: string;
  used_at: Timestamp | null;
  created_at: Timestamp;
  expires_at: Timestamp;
}

export interface ServerSecretsTable {
  purpose: string;
  key_id: string;
  secret: string;
  created_at: Timestamp;
}

export interface SweepRunsTable {
  /** bigint: read back as a string from `pg`; nothing reads it but the primary key. */
  id: Generated<string>;
  trigger: string;
  started_at: Timestamp;
  finished_at: Timestamp;
  duration_ms: number;
  expired: number;
  cleaned: number;
  purged: number;
  idempotency_keys_purged: number;
  members_deleted: Generated<number>;
  batches: number;
  complete: boolean;
  error: string | null;
}

export interface SessionsTable {
  id: string;
  user_id: string;
  token_hash: string;
  created_at: Timestamp;
  expires_at: Timestamp;
}

export interface RateLimitsTable {
  bucket: string;
  window_start: Timestamp;
  hits: number;
}

export interface LoginFailuresTable {
  bucket: string;
  failures: number;
  last_failed_at: Timestamp;
  blocked_until: Timestamp | null;
}

export interface LoginAddressesTable {
  bucket: string;
  last_success_at: Timestamp;
}

export interface InvitationsTable {
  id: string;
  organization_id: string;
  role: "admin" | "member";
  email: string | null;
  token_hash: string;
  expires_at: Timestamp;
  created_by_type: string;
  created_by_id: string;
  created_at: Timestamp;
  accepted_by_user_id: string | null;
  accepted_at: Timestamp | null;
  revoked_at: Timestamp | null;
  /** The last time a link was issued: a resend replaces token_hash, so the old link stops working. */
  sent_at: Timestamp | null;
  resend_count: Generated<number>;
}

export type MailStatus = "queued" | "sending" | "sent" | "failed";

export interface MailOutboxTable {
  id: string;
  /** Null for mail about an account rather than an organization (e.g. verifying an address). */
  organization_id: string | null;
  kind: string;
  subject_type: string;
  subject_id: string;
  recipient: string;
  /** `<sealing key id>:<sealed message>`; null once sent or given up. */
  payload: string | null;
  status: MailStatus;
  attempts: Generated<number>;
  next_attempt_at: Timestamp;
  lease_until: Timestamp | null;
  last_error: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  sent_at: Timestamp | null;
}

export interface ScimTokensTable {
  id: string;
  organization_id: string;
  name: string;
  display_prefix: string;
  secret_hash: string;
  created_by_type: string;
  created_by_id: string | null;
  created_at: Timestamp;
  last_used_at: Timestamp | null;
  revoked_at: Timestamp | null;
}

/** A member managed by SCIM: what the identity provider wrote, kept per organization. */
export interface ScimUsersTable {
  organization_id: string;
  user_id: string;
  user_name: string;
  external_id: string | null;
  attributes: ColumnType<Record<string, unknown>, string | undefined, string>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface TwoStepTable {
  user_id: string;
  secret_sealed: string;
  enabled_at: Timestamp | null;
  /** bigint: a string from `pg`, a number from PGlite; compared in SQL only. */
  last_step: ColumnType<string | number | null, number | null | undefined, number | null>;
  recovery_code_hashes: ColumnType<string[], string | undefined, string>;
  created_at: Timestamp;
}

/** A recovery link an admin issued (only its token's hash); `ended_at` once another replaced it or the recovery ended. */
export interface AccountRecoveriesTable {
  id: string;
  organization_id: string;
  user_id: string;
  token_hash: string;
  expires_at: Timestamp;
  created_by_type: string;
  created_by_id: string | null;
  created_at: Timestamp;
  accepted_at: Timestamp | null;
  ended_at: Timestamp | null;
}

export interface OAuthClientsTable {
  /** Also the client_id. */
  id: string;
  organization_id: string;
  name: string;
  scopes: ColumnType<string[], string, string>;
  secret_hash: string;
  secret_prefix: string;
  /** The person whose permissions bound the client's tokens; null: the server. */
  created_by_user_id: string | null;
  disabled_at: Timestamp | null;
  last_used_at: Timestamp | null;
  created_at: Timestamp;
}

export interface OAuthTokensTable {
  id: string;
  organization_id: string;
  client_id: string;
  token_hash: string;
  scopes: ColumnType<string[], string, string>;
  expires_at: Timestamp;
  revoked_at: Timestamp | null;
  created_at: Timestamp;
}

export interface Database {
  account_recoveries: AccountRecoveriesTable;
  oauth_clients: OAuthClientsTable;
  oauth_tokens: OAuthTokensTable;
  organizations: OrganizationsTable;
  users: UsersTable;
  memberships: MembershipsTable;
  groups: GroupsTable;
  group_members: GroupMembersTable;
  projects: ProjectsTable;
  agents: AgentsTable;
  api_keys: ApiKeysTable;
  provisions: ProvisionsTable;
  audit_events: AuditEventsTable;
  webhook_endpoints: WebhookEndpointsTable;
  webhook_deliveries: WebhookDeliveriesTable;
  seat_counts: SeatCountsTable;
  idempotency_keys: IdempotencyKeysTable;
  owner_setup_tokens: OwnerSetupTokensTable;
  server_secrets: ServerSecretsTable;
  sessions: SessionsTable;
  rate_limits: RateLimitsTable;
  login_failures: LoginFailuresTable;
  login_addresses: LoginAddressesTable;
  invitations: InvitationsTable;
  sweep_runs: SweepRunsTable;
  mail_outbox: MailOutboxTable;
  two_step: TwoStepTable;
  scim_tokens: ScimTokensTable;
  scim_users: ScimUsersTable;
}

export type Provision = Selectable<ProvisionsTable>;
export type NewProvision = Insertable<ProvisionsTable>;
export type ProvisionUpdate = Updateable<ProvisionsTable>;
export type ApiKey = Selectable<ApiKeysTable>;
export type Agent = Selectable<AgentsTable>;
export type Project = Selectable<ProjectsTable>;
export type User = Selectable<UsersTable>;
export type Membership = Selectable<MembershipsTable>;
export type Group = Selectable<GroupsTable>;
export type Organization = Selectable<OrganizationsTable>;
export type SweepRun = Selectable<SweepRunsTable>;
