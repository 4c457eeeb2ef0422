import { Transport, type ApiRequest, type CreateOptions, type FetchLike, type RequestOptions } from "./core.js";
import { PagePromise } from "./pagination.js";
import { type BackoffOptions } from "./retry.js";
import { Groups, Invitations, Members, Organizations, Policies } from "./team.js";
import { OAuthApps, OrganizationApiKeys } from "./integrations.js";
import { UsersApi } from "./users-api.js";
import type { Agent, ApiKey, ApiKeyWithSecret, ClaimPreview, CreateAgentParams, CreateApiKeyParams, CreateProvisionParams, ListAgentsParams, ListApiKeysParams, ListProvisionsParams, Me, Provision, ProvisionCreated, ProvisionWithClaimUrl, RegenerateClaimLinkParams, RollApiKeyParams, RolledApiKey, UpdateAgentParams } from "./types.js";
export declare const DEFAULT_BASE_URL = "http://localhost:8787";
export interface HandoffOptions {
    /** An API key (`hnd_…`). Default: the HANDOFF_API_KEY environment variable. */
    apiKey?: string | undefined;
    /** Where the Handoff server answers. Default: HANDOFF_URL, else http://localhost:8787. */
    baseUrl?: string | undefined;
    /** Per attempt, in milliseconds (default 30 000). */
    timeoutMs?: number | undefined;
    /** Retries after the first attempt, on network errors, timeouts, 429 and 5xx (default 2). */
    maxRetries?: number | undefined;
    /** The fetch to use (default: the global one). Handy for tests, proxies and custom agents. */
    fetch?: FetchLike | undefined;
    /** Headers sent with every request. */
    headers?: Record<string, string> | undefined;
    /** Tuning of the waits between retries. */
    backoff?: BackoffOptions | undefined;
}
/** Provisions: an admin key's view of the organization's provisioned accounts. */
export declare class Provisions {
    #private;
    constructor(transport: Transport);
    /**
     * Provisions a placeholder user with a project, a default agent, a working API key and a claim link.
     * Sends an Idempotency-Key (yours, or a generated one) that every retry reuses: a retry after a
     * lost answer gets the original response, never a second provision.
     */
    create(params?: CreateProvisionParams, options?: CreateOptions): Promise<ProvisionCreated>;
    /** Newest first. Await for one page, or `for await` over every provision. */
    list(params?: ListProvisionsParams, options?: RequestOptions): PagePromise<Provision>;
    get(id: string, options?: RequestOptions): Promise<Provision>;
    /** Cancels a pending provision: its key stops working and what it created is deleted. Repeating it is a no-op. */
    cancel(id: string, options?: RequestOptions): Promise<Provision>;
    /** Issues a new claim link (optionally with a new expiry, in seconds); every earlier link stops working. */
    regenerateClaimLink(id: string, params?: RegenerateClaimLinkParams, options?: RequestOptions): Promise<ProvisionWithClaimUrl>;
}
/** Agents of the calling project key's project. */
export declare class Agents {
    #private;
    constructor(transport: Transport);
    list(params?: ListAgentsParams, options?: RequestOptions): PagePromise<Agent>;
    create(params: CreateAgentParams, options?: CreateOptions): Promise<Agent>;
    get(id: string, options?: RequestOptions): Promise<Agent>;
    /** The project's default agent (identifier `default`). */
    getDefault(options?: RequestOptions): Promise<Agent>;
    update(id: string, params: UpdateAgentParams, options?: RequestOptions): Promise<Agent>;
    /** Deletes the agent and revokes the keys bound to it. The default agent cannot be deleted. */
    delete(id: string, options?: RequestOptions): Promise<void>;
}
/** API keys of the calling project key's project. */
export declare class Keys {
    #private;
    constructor(transport: Transport);
    list(params?: ListApiKeysParams, options?: RequestOptions): PagePromise<ApiKey>;
    /** The full key is in this response only (`key`). */
    create(params: CreateApiKeyParams, options?: CreateOptions): Promise<ApiKeyWithSecret>;
    /** The key stops working at once. Revoking twice is a no-op. */
    revoke(id: string, options?: RequestOptions): Promise<ApiKey>;
    /** A new key with the same name, agent, scopes and expiry; the old one works for `gracePeriod` seconds (default 0). */
    roll(id: string, params?: RollApiKeyParams, options?: RequestOptions): Promise<RolledApiKey>;
}
/** Claim links, as the person who received one sees them. No API key is sent. */
export declare class Claims {
    #private;
    constructor(transport: Transport);
    /** What a claim link offers (organization, role, expiry, status). Takes the token or the whole link. */
    preview(tokenOrUrl: string, options?: RequestOptions): Promise<ClaimPreview>;
}
/** The token of a claim link (`…/claim/<token>`), or the argument itself when it is a bare token. */
export declare function claimToken(tokenOrUrl: string): string;
/**
 * The Handoff API client.
 *
 * ```ts
 * const handoff = new Handoff({ apiKey: process.env.HANDOFF_ADMIN_KEY });
 * const p = await handoff.provisions.create({ name: "Ada Lovelace", email: "ada@example.com" });
 * for await (const each of handoff.provisions.list({ status: "pending" })) console.log(each.id);
 * ```
 */
export declare class Handoff {
    #private;
    readonly provisions: Provisions;
    readonly agents: Agents;
    readonly keys: Keys;
    readonly claims: Claims;
    readonly members: Members;
    readonly groups: Groups;
    readonly policy: Policies;
    readonly invitations: Invitations;
    readonly organization: Organizations;
    /** The organization's API keys (`/v1/team/api-keys`). */
    readonly apiKeys: OrganizationApiKeys;
    /** The organization's OAuth apps (`/v1/team/oauth-apps`). */
    readonly oauthApps: OAuthApps;
    /** The Users API, as 1Password's v1beta1 (`/v1beta1/accounts/{account_id}/users`). */
    readonly usersApi: UsersApi;
    readonly baseUrl: string;
    constructor(options?: HandoffOptions);
    /** GET /v1/me: the calling project key, its project, organization, agent and provision. */
    me(options?: RequestOptions): Promise<Me>;
    /** Any API call, with the same auth, retries and errors: for routes newer than this SDK. */
    request<T = unknown>(req: ApiRequest, options?: CreateOptions): Promise<T>;
}
