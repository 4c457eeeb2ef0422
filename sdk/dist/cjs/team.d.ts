import type { CreateOptions, RequestOptions, Transport } from "./core.js";
import { PagePromise } from "./pagination.js";
import type { BeginRecoveryResult, ConfirmMembersResult, CreateGroupParams, CreateInvitationParams, DeleteMemberParams, Group, Invitation, InvitationWithLink, ListInvitationsParams, ListMembersParams, Member, MemberDeleted, MemberRole, Organization, Policy, SuspendMemberParams, UpdateGroupParams, UpdatePolicyParams } from "./types.js";
/** The organization's people: list, roles, confirmation, suspension, reactivation, deletion. */
export declare class Members {
    #private;
    constructor(transport: Transport);
    /** Newest first, filtered by state, role, group or a search. Await for one page, or `for await` over all. */
    list(params?: ListMembersParams, options?: RequestOptions): PagePromise<Member>;
    get(userId: string, options?: RequestOptions): Promise<Member>;
    /** Changes the member's role (only owners act on owners; the last active owner stays an owner). */
    setRole(userId: string, role: MemberRole, options?: RequestOptions): Promise<Member>;
    confirm(userId: string, options?: RequestOptions): Promise<Member>;
    /** Confirms these members: one result per person, a refusal for one does not stop the others. */
    confirmMany(userIds: string[], options?: RequestOptions): Promise<ConfirmMembersResult>;
    /** Confirms everyone awaiting confirmation (`remaining`: call again for more). */
    confirmAll(options?: RequestOptions): Promise<ConfirmMembersResult>;
    /**
     * Suspends the member at once; at `deauthorizeAfter` seconds (0–86400, default 0) their sessions end
     * and their projects' keys are refused. Idempotent.
     */
    suspend(userId: string, params?: SuspendMemberParams, options?: RequestOptions): Promise<Member>;
    /** Everything works again (keys revoked meanwhile stay revoked). Idempotent. */
    reactivate(userId: string, options?: RequestOptions): Promise<Member>;
    /**
     * Starts account recovery for 1–10 people (as `op user recovery begin`): one result per person. Their
     * password stops working and their sessions end; each gets a single-use link by mail (`recoveryUrl`
     * only when the server sends no mail). Projects, agents and keys are untouched.
     */
    beginRecovery(userIds: string[], options?: RequestOptions): Promise<BeginRecoveryResult>;
    /** Completes a recovery the person accepted (they set a new password): they can log in again. */
    completeRecovery(userId: string, options?: RequestOptions): Promise<Member>;
    /** Cancels a recovery: active again; the open link stops working. */
    cancelRecovery(userId: string, options?: RequestOptions): Promise<Member>;
    /** Deletes a suspended member from the organization; their projects go to `transferProjectsTo` or are deleted. */
    delete(userId: string, params?: DeleteMemberParams, options?: RequestOptions): Promise<MemberDeleted>;
}
/** Groups granting team permissions, the built-in Provision Managers among them. */
export declare class Groups {
    #private;
    constructor(transport: Transport);
    list(options?: RequestOptions): Promise<Group[]>;
    create(params: CreateGroupParams, options?: RequestOptions): Promise<Group>;
    update(id: string, params: UpdateGroupParams, options?: RequestOptions): Promise<Group>;
    /** Built-in groups cannot be deleted. */
    delete(id: string, options?: RequestOptions): Promise<void>;
    /** Puts a member in the group (idempotent). */
    addMember(id: string, userId: string, options?: RequestOptions): Promise<Group>;
    /** Takes a member out of the group (idempotent). */
    removeMember(id: string, userId: string, options?: RequestOptions): Promise<Group>;
}
/** The organization's team policy (changes: owners only). */
export declare class Policies {
    #private;
    constructor(transport: Transport);
    get(options?: RequestOptions): Promise<Policy>;
    update(params: UpdatePolicyParams, options?: RequestOptions): Promise<Policy>;
}
/** Invitation links that make their visitor a member. */
export declare class Invitations {
    #private;
    constructor(transport: Transport);
    /** The link (`url`) is in this response only. Sends an Idempotency-Key every retry reuses. */
    create(params?: CreateInvitationParams, options?: CreateOptions): Promise<InvitationWithLink>;
    list(params?: ListInvitationsParams, options?: RequestOptions): PagePromise<Invitation>;
    get(id: string, options?: RequestOptions): Promise<Invitation>;
    /** The link stops working at once. Revoking twice is a no-op. */
    revoke(id: string, options?: RequestOptions): Promise<Invitation>;
    /** A new link; the previous one stops working. */
    resend(id: string, options?: RequestOptions): Promise<InvitationWithLink>;
}
/** The organization itself. */
export declare class Organizations {
    #private;
    constructor(transport: Transport);
    /** Renames the organization (owners and the admin key). */
    rename(name: string, options?: RequestOptions): Promise<Organization>;
}
