import type { CreateOptions, RequestOptions, Transport } from "./core.js";
import { PagePromise } from "./pagination.js";
import type {
  BeginRecoveryResult,
  ConfirmMembersResult,
  CreateGroupParams,
  CreateInvitationParams,
  DeleteMemberParams,
  Group,
  Invitation,
  InvitationWithLink,
  ListInvitationsParams,
  ListMembersParams,
  Member,
  MemberDeleted,
  MemberRole,
  Organization,
  Page,
  Policy,
  SuspendMemberParams,
  UpdateGroupParams,
  UpdatePolicyParams,
} from "./types.js";

const path = (strings: TemplateStringsArray, ...ids: string[]) =>
  strings.reduce((out, s, i) => out + s + (i < ids.length ? encodeURIComponent(ids[i]!) : ""), "");

/** The organization's people: list, roles, confirmation, suspension, reactivation, deletion. */
export class Members {
  readonly #t: Transport;
  constructor(transport: Transport) {
    this.#t = transport;
  }

  /** Newest first, filtered by state, role, group or a search. Await for one page, or `for await` over all. */
  list(params: ListMembersParams = {}, options?: RequestOptions): PagePromise<Member> {
    const { cursor, ...rest } = params;
    return new PagePromise(
      (c) => this.#t.request<Page<Member>>({ method: "GET", path: "/v1/team/members", query: { ...rest, cursor: c } }, options),
      cursor,
    );
  }

  get(userId: string, options?: RequestOptions): Promise<Member> {
    return this.#t.request({ method: "GET", path: path`/v1/team/members/${userId}` }, options);
  }

  /** Changes the member's role (only owners act on owners; the last active owner stays an owner). */
  setRole(userId: string, role: MemberRole, options?: RequestOptions): Promise<Member> {
    return this.#t.request({ method: "PATCH", path: path`/v1/team/members/${userId}`, body: { role } }, options);
  }

  confirm(userId: string, options?: RequestOptions): Promise<Member> {
    return this.#t.request({ method: "POST", path: path`/v1/team/members/${userId}/confirm` }, options);
  }

  /** Confirms these members: one result per person, a refusal for one does not stop the others. */
  confirmMany(userIds: string[], options?: RequestOptions): Promise<ConfirmMembersResult> {
    return this.#t.request({ method: "POST", path: "/v1/team/members/confirm", body: { userIds } }, options);
  }

  /** Confirms everyone awaiting confirmation (`remaining`: call again for more). */
  confirmAll(options?: RequestOptions): Promise<ConfirmMembersResult> {
    return this.#t.request({ method: "POST", path: "/v1/team/members/confirm", body: { all: true } }, options);
  }

  /**
   * Suspends the member at once; at `deauthorizeAfter` seconds (0–86400, default 0) their sessions end
   * and their projects' keys are refused. Idempotent.
   */
  suspend(userId: string, params: SuspendMemberParams = {}, options?: RequestOptions): Promise<Member> {
    return this.#t.request({ method: "POST", path: path`/v1/team/members/${userId}/suspend`, body: params }, options);
  }

  /** Everything works again (keys revoked meanwhile stay revoked). Idempotent. */
  reactivate(userId: string, options?: RequestOptions): Promise<Member> {
    return this.#t.request({ method: "POST", path: path`/v1/team/members/${userId}/reactivate` }, options);
  }

  /**
   * Starts account recovery for 1–10 people (as `op user recovery begin`): one result per person. Their
   * password stops working and their sessions end; each gets a single-use link by mail (`recoveryUrl`
   * only when the server sends no mail). Projects, agents and keys are untouched.
   */
  beginRecovery(userIds: string[], options?: RequestOptions): Promise<BeginRecoveryResult> {
    return this.#t.request({ method: "POST", path: "/v1/team/recovery", body: { userIds } }, options);
  }

  /** Completes a recovery the person accepted (they set a new password): they can log in again. */
  completeRecovery(userId: string, options?: RequestOptions): Promise<Member> {
    return this.#t.request({ method: "POST", path: path`/v1/team/members/${userId}/recovery/complete` }, options);
  }

  /** Cancels a recovery: active again; the open link stops working. */
  cancelRecovery(userId: string, options?: RequestOptions): Promise<Member> {
    return this.#t.request({ method: "POST", path: path`/v1/team/members/${userId}/recovery/cancel` }, options);
  }

  /** Deletes a suspended member from the organization; their projects go to `transferProjectsTo` or are deleted. */
  delete(userId: string, params: DeleteMemberParams = {}, options?: RequestOptions): Promise<MemberDeleted> {
    return this.#t.request({ method: "DELETE", path: path`/v1/team/members/${userId}`, query: { ...params } }, options);
  }
}

/** Groups granting team permissions, the built-in Provision Managers among them. */
export class Groups {
  readonly #t: Transport;
  constructor(transport: Transport) {
    this.#t = transport;
  }

  async list(options?: RequestOptions): Promise<Group[]> {
    return (await this.#t.request<{ data: Group[] }>({ method: "GET", path: "/v1/team/groups" }, options)).data;
  }

  create(params: CreateGroupParams, options?: RequestOptions): Promise<Group> {
    return this.#t.request({ method: "POST", path: "/v1/team/groups", body: params }, options);
  }

  update(id: string, params: UpdateGroupParams, options?: RequestOptions): Promise<Group> {
    return this.#t.request({ method: "PATCH", path: path`/v1/team/groups/${id}`, body: params }, options);
  }

  /** Built-in groups cannot be deleted. */
  delete(id: string, options?: RequestOptions): Promise<void> {
    return this.#t.request({ method: "DELETE", path: path`/v1/team/groups/${id}` }, options);
  }

  /** Puts a member in the group (idempotent). */
  addMember(id: string, userId: string, options?: RequestOptions): Promise<Group> {
    return this.#t.request({ method: "PUT", path: path`/v1/team/groups/${id}/members/${userId}` }, options);
  }

  /** Takes a member out of the group (idempotent). */
  removeMember(id: string, userId: string, options?: RequestOptions): Promise<Group> {
    return this.#t.request({ method: "DELETE", path: path`/v1/team/groups/${id}/members/${userId}` }, options);
  }
}

/** The organization's team policy (changes: owners only). */
export class Policies {
  readonly #t: Transport;
  constructor(transport: Transport) {
    this.#t = transport;
  }

  get(options?: RequestOptions): Promise<Policy> {
    return this.#t.request({ method: "GET", path: "/v1/team/policy" }, options);
  }

  update(params: UpdatePolicyParams, options?: RequestOptions): Promise<Policy> {
    return this.#t.request({ method: "PATCH", path: "/v1/team/policy", body: params }, options);
  }
}

/** Invitation links that make their visitor a member. */
export class Invitations {
  readonly #t: Transport;
  constructor(transport: Transport) {
    this.#t = transport;
  }

  /** The link (`url`) is in this response only. Sends an Idempotency-Key every retry reuses. */
  create(params: CreateInvitationParams = {}, options?: CreateOptions): Promise<InvitationWithLink> {
    return this.#t.request({ method: "POST", path: "/v1/team/invitations", body: params, create: true }, options);
  }

  list(params: ListInvitationsParams = {}, options?: RequestOptions): PagePromise<Invitation> {
    const { cursor, ...rest } = params;
    return new PagePromise(
      (c) => this.#t.request<Page<Invitation>>({ method: "GET", path: "/v1/team/invitations", query: { ...rest, cursor: c } }, options),
      cursor,
    );
  }

  get(id: string, options?: RequestOptions): Promise<Invitation> {
    return this.#t.request({ method: "GET", path: path`/v1/team/invitations/${id}` }, options);
  }

  /** The link stops working at once. Revoking twice is a no-op. */
  revoke(id: string, options?: RequestOptions): Promise<Invitation> {
    return this.#t.request({ method: "DELETE", path: path`/v1/team/invitations/${id}` }, options);
  }

  /** A new link; the previous one stops working. */
  resend(id: string, options?: RequestOptions): Promise<InvitationWithLink> {
    return this.#t.request({ method: "POST", path: path`/v1/team/invitations/${id}/resend` }, options);
  }
}

/** The organization itself. */
export class Organizations {
  readonly #t: Transport;
  constructor(transport: Transport) {
    this.#t = transport;
  }

  /** Renames the organization (owners and the admin key). */
  rename(name: string, options?: RequestOptions): Promise<Organization> {
    return this.#t.request({ method: "PATCH", path: "/v1/team/organization", body: { name } }, options);
  }
}
