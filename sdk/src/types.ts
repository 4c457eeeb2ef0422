/**
 * The SDK's public types, derived from the generated OpenAPI types (src/generated/openapi.ts), so they
 * follow the server's route definitions. Only the claim preview is written by hand (see ClaimPreview).
 */
import type { components, operations } from "./generated/openapi.js";

type Schemas = components["schemas"];

/** Fields the server fills with a default when they are left out. */
type WithDefaults<T, K extends keyof T> = Omit<T, K> & Partial<Pick<T, K>>;

type Query<Op extends keyof operations> = NonNullable<operations[Op]["parameters"]["query"]>;

/** A page of a list: `nextCursor` is null on the last page. */
export interface Page<T> {
  data: T[];
  nextCursor: string | null;
}

export type Provision = Schemas["Provision"];
export type ProvisionStatus = Provision["status"];
export type ProvisionRole = Provision["role"];
/** The create response: the provision, its API key (shown this once) and its claim link. */
export type ProvisionCreated = Schemas["ProvisionCreated"];
/** The provision and its new claim link. */
export type ProvisionWithClaimUrl = Schemas["ProvisionWithClaimUrl"];
export type CreateProvisionParams = WithDefaults<Schemas["CreateProvisionRequest"], "role" | "skipOnboarding">;
export type ListProvisionsParams = Query<"listProvisions">;
export type RegenerateClaimLinkParams = Schemas["RegenerateClaimLinkRequest"];

export type Agent = NonNullable<Schemas["Agent"]>;
export type CreateAgentParams = Schemas["CreateAgentRequest"];
export type UpdateAgentParams = Schemas["UpdateAgentRequest"];
export type ListAgentsParams = Query<"listAgents">;

export type ApiKey = Schemas["ApiKey"];
/** A key with its full secret (`key`), shown this once. */
export type ApiKeyWithSecret = Schemas["ApiKeyWithSecret"];
export type RolledApiKey = Schemas["RolledApiKey"];
export type CreateApiKeyParams = Schemas["CreateApiKeyRequest"];
export type RollApiKeyParams = WithDefaults<Schemas["RollApiKeyRequest"], "gracePeriod">;
export type ListApiKeysParams = Query<"listKeys">;
export type Scope = NonNullable<CreateApiKeyParams["scopes"]>[number];

/** GET /v1/me: the calling key, its project, organization, agent and provision. */
export type Me = Schemas["Me"];

/** An application/problem+json error body (RFC 9457). */
export type Problem = Schemas["Problem"];
export type ProblemCode = Problem["code"];

/** The documented minimum of a claim preview, used when the server's document does not describe one. */
export interface ClaimPreviewBase {
  organization: { name: string };
  role: ProvisionRole;
  expiresAt: string;
  status: ProvisionStatus;
}

/**
 * What a claim link offers before it is claimed (GET /v1/claims/preview with the Claim-Token header, no key needed): the
 * server's `ClaimPreview` schema when its OpenAPI document has one, else ClaimPreviewBase.
 */
export type ClaimPreview = Schemas extends { ClaimPreview: infer C } ? C : ClaimPreviewBase;

/** A member of the organization: role, lifecycle state, groups and suspension deadline. */
export type Member = Schemas["Member"];
export type MemberState = Member["state"];
export type MemberRole = Member["role"];
export type ListMembersParams = Query<"listMembers">;
export type UpdateMemberParams = Schemas["UpdateMemberRequest"];
export type SuspendMemberParams = Schemas["SuspendMemberRequest"];
export type ConfirmResult = Schemas["ConfirmResult"];
export type ConfirmMembersResult = Schemas["ConfirmMembersResult"];
/** One result per person of `POST /v1/team/recovery`: started (with the link only when the server sends no mail) or refused. */
export type BeginRecoveryResult = Schemas["BeginRecoveryResult"];
export type RecoveryResult = BeginRecoveryResult["results"][number];
export type MemberDeleted = Schemas["MemberDeleted"];
export interface DeleteMemberParams {
  /** The user id of an active member who receives the deleted member's projects (default: they are deleted). */
  transferProjectsTo?: string;
}

export type Group = Schemas["Group"];
export type TeamPermission = Group["permissions"][number];
export type CreateGroupParams = WithDefaults<Schemas["CreateGroupRequest"], "permissions">;
export type UpdateGroupParams = Schemas["UpdateGroupRequest"];

export type Policy = Schemas["Policy"];
export type UpdatePolicyParams = Schemas["UpdatePolicyRequest"];

export type Invitation = Schemas["Invitation"];
/** An invitation with its link (`url`), shown this once. */
export type InvitationWithLink = Schemas["InvitationWithLink"];
export type CreateInvitationParams = WithDefaults<Schemas["CreateInvitationRequest"], "role">;
export type ListInvitationsParams = Query<"listInvitations">;

export type Organization = Schemas["Organization"];

/** An organization API key: scopes, creator, usage (never the secret). */
export type OrganizationApiKey = Schemas["OrganizationApiKey"];
/** An organization API key with its full secret (`key`), shown this once. */
export type OrganizationApiKeyWithSecret = Schemas["OrganizationApiKeyWithSecret"];
export type RolledOrganizationApiKey = Schemas["RolledOrganizationApiKey"];
export type CreateOrganizationApiKeyParams = Schemas["CreateOrganizationApiKeyRequest"];
export type RollOrganizationApiKeyParams = WithDefaults<Schemas["RollOrganizationApiKeyRequest"], "gracePeriod">;
export type ListOrganizationApiKeysParams = Query<"listOrganizationKeys">;
/** What an organization credential may do (`members:read`, `users.list`, …). */
export type TeamScope = Schemas["TeamScope"];

/** An OAuth app (client credentials): `clientId`, scopes, status (never the secret). */
export type OAuthApp = Schemas["OAuthApp"];
/** A user as the Users API (1Password v1beta1) shows them. */
export type UsersApiUser = Schemas["UsersApiUser"];
export type UsersApiListResponse = Schemas["ListUsersResponse"];
export type ListUsersParams = Query<"usersApiListUsers">;
/** An OAuth app with its client secret, shown this once. */
export type OAuthAppWithSecret = Schemas["OAuthAppWithSecret"];
export type CreateOAuthAppParams = Schemas["CreateOAuthAppRequest"];
export type ListOAuthAppsParams = Query<"listOAuthApps">;
