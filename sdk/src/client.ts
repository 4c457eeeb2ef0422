import { Transport, SDK_VERSION, type ApiRequest, type CreateOptions, type FetchLike, type RequestOptions } from "./core.js";
import { PagePromise } from "./pagination.js";
import { DEFAULT_BACKOFF, type BackoffOptions } from "./retry.js";
import { Groups, Invitations, Members, Organizations, Policies } from "./team.js";
import { OAuthApps, OrganizationApiKeys } from "./integrations.js";
import { UsersApi } from "./users-api.js";
import type {
  Agent,
  ApiKey,
  ApiKeyWithSecret,
  ClaimPreview,
  CreateAgentParams,
  CreateApiKeyParams,
  CreateProvisionParams,
  ListAgentsParams,
  ListApiKeysParams,
  ListProvisionsParams,
  Me,
  Page,
  Provision,
  ProvisionCreated,
  ProvisionWithClaimUrl,
  RegenerateClaimLinkParams,
  RollApiKeyParams,
  RolledApiKey,
  UpdateAgentParams,
} from "./types.js";

export const DEFAULT_BASE_URL = "http://localhost:8787";

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

/** Reads an environment variable where there is a `process` (Node, Bun, Deno, Workers with nodejs_compat). */
function fromEnv(name: string): string | undefined {
  const proc = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process;
  const value = proc?.env?.[name];
  return value ? value : undefined;
}

const path = (strings: TemplateStringsArray, ...ids: string[]) =>
  strings.reduce((out, s, i) => out + s + (i < ids.length ? encodeURIComponent(ids[i]!) : ""), "");

/** Provisions: an admin key's view of the organization's provisioned accounts. */
export class Provisions {
  readonly #t: Transport;
  constructor(transport: Transport) {
    this.#t = transport;
  }

  /**
   * Provisions a placeholder user with a project, a default agent, a working API key and a claim link.
   * Sends an Idempotency-Key (yours, or a generated one) that every retry reuses: a retry after a
   * lost answer gets the original response, never a second provision.
   */
  create(params: CreateProvisionParams = {}, options?: CreateOptions): Promise<ProvisionCreated> {
    return this.#t.request({ method: "POST", path: "/v1/team/provisions", body: params, create: true }, options);
  }

  /** Newest first. Await for one page, or `for await` over every provision. */
  list(params: ListProvisionsParams = {}, options?: RequestOptions): PagePromise<Provision> {
    const { cursor, ...rest } = params;
    return new PagePromise(
      (c) => this.#t.request<Page<Provision>>({ method: "GET", path: "/v1/team/provisions", query: { ...rest, cursor: c } }, options),
      cursor,
    );
  }

  get(id: string, options?: RequestOptions): Promise<Provision> {
    return this.#t.request({ method: "GET", path: path`/v1/team/provisions/${id}` }, options);
  }

  /** Cancels a pending provision: its key stops working and what it created is deleted. Repeating it is a no-op. */
  cancel(id: string, options?: RequestOptions): Promise<Provision> {
    return this.#t.request({ method: "DELETE", path: path`/v1/team/provisions/${id}` }, options);
  }

  /** Issues a new claim link (optionally with a new expiry, in seconds); every earlier link stops working. */
  regenerateClaimLink(id: string, params: RegenerateClaimLinkParams = {}, options?: RequestOptions): Promise<ProvisionWithClaimUrl> {
    return this.#t.request({ method: "POST", path: path`/v1/team/provisions/${id}/claim-link`, body: params }, options);
  }
}

/** Agents of the calling project key's project. */
export class Agents {
  readonly #t: Transport;
  constructor(transport: Transport) {
    this.#t = transport;
  }

  list(params: ListAgentsParams = {}, options?: RequestOptions): PagePromise<Agent> {
    const { cursor, ...rest } = params;
    return new PagePromise(
      (c) => this.#t.request<Page<Agent>>({ method: "GET", path: "/v1/agents", query: { ...rest, cursor: c } }, options),
      cursor,
    );
  }

  create(params: CreateAgentParams, options?: CreateOptions): Promise<Agent> {
    return this.#t.request({ method: "POST", path: "/v1/agents", body: params, create: true }, options);
  }

  get(id: string, options?: RequestOptions): Promise<Agent> {
    return this.#t.request({ method: "GET", path: path`/v1/agents/${id}` }, options);
  }

  /** The project's default agent (identifier `default`). */
  getDefault(options?: RequestOptions): Promise<Agent> {
    return this.#t.request({ method: "GET", path: "/v1/agents/default" }, options);
  }

  update(id: string, params: UpdateAgentParams, options?: RequestOptions): Promise<Agent> {
    return this.#t.request({ method: "PATCH", path: path`/v1/agents/${id}`, body: params }, options);
  }

  /** Deletes the agent and revokes the keys bound to it. The default agent cannot be deleted. */
  delete(id: string, options?: RequestOptions): Promise<void> {
    return this.#t.request({ method: "DELETE", path: path`/v1/agents/${id}` }, options);
  }
}

/** API keys of the calling project key's project. */
export class Keys {
  readonly #t: Transport;
  constructor(transport: Transport) {
    this.#t = transport;
  }

  list(params: ListApiKeysParams = {}, options?: RequestOptions): PagePromise<ApiKey> {
    const { cursor, ...rest } = params;
    return new PagePromise(
      (c) => this.#t.request<Page<ApiKey>>({ method: "GET", path: "/v1/keys", query: { ...rest, cursor: c } }, options),
      cursor,
    );
  }

  /** The full key is in this response only (`key`). */
  create(params: CreateApiKeyParams, options?: CreateOptions): Promise<ApiKeyWithSecret> {
    return this.#t.request({ method: "POST", path: "/v1/keys", body: params, create: true }, options);
  }

  /** The key stops working at once. Revoking twice is a no-op. */
  revoke(id: string, options?: RequestOptions): Promise<ApiKey> {
    return this.#t.request({ method: "DELETE", path: path`/v1/keys/${id}` }, options);
  }

  /** A new key with the same name, agent, scopes and expiry; the old one works for `gracePeriod` seconds (default 0). */
  roll(id: string, params: RollApiKeyParams = {}, options?: RequestOptions): Promise<RolledApiKey> {
    return this.#t.request({ method: "POST", path: path`/v1/keys/${id}/roll`, body: params, create: true }, options);
  }
}

/** Claim links, as the person who received one sees them. No API key is sent. */
export class Claims {
  readonly #t: Transport;
  constructor(transport: Transport) {
    this.#t = transport;
  }

  /** What a claim link offers (organization, role, expiry, status). Takes the token or the whole link. */
  preview(tokenOrUrl: string, options?: RequestOptions): Promise<ClaimPreview> {
    const token = claimToken(tokenOrUrl);
    // The token is a credential: in a header, never in a URL (URLs end up in logs).
    const headers = { ...options?.headers, "claim-token": token };
    return this.#t.request({ method: "GET", path: "/v1/claims/preview", auth: false }, { ...options, headers });
  }
}

/** The token of a claim link (`…/claim/<token>`), or the argument itself when it is a bare token. */
export function claimToken(tokenOrUrl: string): string {
  const match = /\/claim\/([^/?#]+)/.exec(tokenOrUrl);
  return match ? decodeURIComponent(match[1]!) : tokenOrUrl.trim();
}

/**
 * The Handoff API client.
 *
 * ```ts
 * const handoff = new Handoff({ apiKey: process.env.HANDOFF_ADMIN_KEY });
 * const p = await handoff.provisions.create({ name: "Ada Lovelace", email: "ada@example.com" });
 * for await (const each of handoff.provisions.list({ status: "pending" })) console.log(each.id);
 * ```
 */
export class Handoff {
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
  readonly #t: Transport;

  constructor(options: HandoffOptions = {}) {
    const fetchImpl = options.fetch ?? (globalThis.fetch ? (globalThis.fetch.bind(globalThis) as FetchLike) : undefined);
    if (!fetchImpl) throw new TypeError("No fetch here: pass one as `new Handoff({ fetch })`.");
    const baseUrl = (options.baseUrl ?? fromEnv("HANDOFF_URL") ?? DEFAULT_BASE_URL).replace(/\/+$/, "");
    try {
      new URL(baseUrl);
    } catch {
      throw new TypeError(`baseUrl is not a URL: ${JSON.stringify(baseUrl)}`);
    }
    const timeoutMs = options.timeoutMs ?? 30_000;
    const maxRetries = options.maxRetries ?? 2;
    if (!(timeoutMs > 0)) throw new RangeError("timeoutMs must be a positive number of milliseconds");
    if (!(maxRetries >= 0) || !Number.isInteger(maxRetries)) throw new RangeError("maxRetries must be an integer ≥ 0");
    const isNode = typeof (globalThis as { process?: { versions?: { node?: string } } }).process?.versions?.node === "string";
    this.baseUrl = baseUrl;
    this.#t = new Transport({
      apiKey: options.apiKey ?? fromEnv("HANDOFF_API_KEY"),
      baseUrl,
      timeoutMs,
      maxRetries,
      fetch: fetchImpl,
      headers: { ...(isNode ? { "user-agent": `handoff-sdk/${SDK_VERSION}` } : {}), ...options.headers },
      backoff: { ...DEFAULT_BACKOFF, ...options.backoff },
    });
    this.provisions = new Provisions(this.#t);
    this.agents = new Agents(this.#t);
    this.keys = new Keys(this.#t);
    this.claims = new Claims(this.#t);
    this.members = new Members(this.#t);
    this.groups = new Groups(this.#t);
    this.policy = new Policies(this.#t);
    this.invitations = new Invitations(this.#t);
    this.organization = new Organizations(this.#t);
    this.apiKeys = new OrganizationApiKeys(this.#t);
    this.oauthApps = new OAuthApps(this.#t);
    this.usersApi = new UsersApi(this.#t);
  }

  /** GET /v1/me: the calling project key, its project, organization, agent and provision. */
  me(options?: RequestOptions): Promise<Me> {
    return this.#t.request({ method: "GET", path: "/v1/me" }, options);
  }

  /** Any API call, with the same auth, retries and errors: for routes newer than this SDK. */
  request<T = unknown>(req: ApiRequest, options?: CreateOptions): Promise<T> {
    return this.#t.request<T>(req, options);
  }
}
