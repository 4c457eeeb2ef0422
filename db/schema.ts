import type { ColumnType, Generated, Insertable, Selectable, Updateable } from "kysely";

/** Timestamps are written as Date and read back as Date on both pg and PGlite. */
type Timestamp = ColumnType<Date, Date, Date>;
type Json = ColumnType<unknown, string, string>;

export type UserStatus = "placeholder" | "active" | "suspended";
export type Role = "owner" | "admin" | "member";
export type ProvisionStatus = "pending" | "claimed" | "cancelled" | "expired";
export type ApiKeyKind = "project" | "admin";

export interface OrganizationsTable {
  id: string;
  name: string;
  created_at: Timestamp;
}

export interface UsersTable {
  id: string;
  status: UserStatus;
  name: string | null;
  email: string | null;
  password_hash: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface MembershipsTable {
  organization_id: string;
  user_id: string;
  role: Role;
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
}

export interface Database {
  organizations: OrganizationsTable;
  users: UsersTable;
  memberships: MembershipsTable;
  projects: ProjectsTable;
  agents: AgentsTable;
  api_keys: ApiKeysTable;
  provisions: ProvisionsTable;
  audit_events: AuditEventsTable;
  idempotency_keys: IdempotencyKeysTable;
  owner_setup_tokens: OwnerSetupTokensTable;
  server_secrets: ServerSecretsTable;
  sessions: SessionsTable;
  rate_limits: RateLimitsTable;
  login_failures: LoginFailuresTable;
  login_addresses: LoginAddressesTable;
  invitations: InvitationsTable;
  sweep_runs: SweepRunsTable;
}

export type Provision = Selectable<ProvisionsTable>;
export type NewProvision = Insertable<ProvisionsTable>;
export type ProvisionUpdate = Updateable<ProvisionsTable>;
export type ApiKey = Selectable<ApiKeysTable>;
export type Agent = Selectable<AgentsTable>;
export type Project = Selectable<ProjectsTable>;
export type User = Selectable<UsersTable>;
export type SweepRun = Selectable<SweepRunsTable>;
