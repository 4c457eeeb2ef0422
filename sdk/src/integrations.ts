import type { CreateOptions, RequestOptions, Transport } from "./core.js";
import { PagePromise } from "./pagination.js";
import type {
  CreateOAuthAppParams,
  CreateOrganizationApiKeyParams,
  ListOAuthAppsParams,
  OAuthApp,
  OAuthAppWithSecret,
  ListOrganizationApiKeysParams,
  OrganizationApiKey,
  OrganizationApiKeyWithSecret,
  Page,
  RolledOrganizationApiKey,
  RollOrganizationApiKeyParams,
} from "./types.js";

const path = (strings: TemplateStringsArray, ...ids: string[]) =>
  strings.reduce((out, s, i) => out + s + (i < ids.length ? encodeURIComponent(ids[i]!) : ""), "");

/** The organization's API keys for automation: each limited to its scopes and its creator's standing. */
export class OrganizationApiKeys {
  readonly #t: Transport;
  constructor(transport: Transport) {
    this.#t = transport;
  }

  /** Newest first, never the secrets. Await for one page, or `for await` over all. */
  list(params: ListOrganizationApiKeysParams = {}, options?: RequestOptions): PagePromise<OrganizationApiKey> {
    const { cursor, ...rest } = params;
    return new PagePromise(
      (c) => this.#t.request<Page<OrganizationApiKey>>({ method: "GET", path: "/v1/team/api-keys", query: { ...rest, cursor: c } }, options),
      cursor,
    );
  }

  /** The full key (`key`) is in this response only. Sends an Idempotency-Key every retry reuses. */
  create(params: CreateOrganizationApiKeyParams, options?: CreateOptions): Promise<OrganizationApiKeyWithSecret> {
    return this.#t.request({ method: "POST", path: "/v1/team/api-keys", body: params, create: true }, options);
  }

  /** The key stops working at once (the bootstrap key too). Revoking twice is a no-op. */
  revoke(id: string, options?: RequestOptions): Promise<OrganizationApiKey> {
    return this.#t.request({ method: "DELETE", path: path`/v1/team/api-keys/${id}` }, options);
  }

  /** A new key with the same scopes; the old one works for `gracePeriod` seconds (default 0). */
  roll(id: string, params: RollOrganizationApiKeyParams = {}, options?: CreateOptions): Promise<RolledOrganizationApiKey> {
    return this.#t.request({ method: "POST", path: path`/v1/team/api-keys/${id}/roll`, body: params, create: true }, options);
  }
}

/** OAuth apps (client credentials) whose tokens act within their scopes. */
export class OAuthApps {
  readonly #t: Transport;
  constructor(transport: Transport) {
    this.#t = transport;
  }

  list(params: ListOAuthAppsParams = {}, options?: RequestOptions): PagePromise<OAuthApp> {
    const { cursor, ...rest } = params;
    return new PagePromise(
      (c) => this.#t.request<Page<OAuthApp>>({ method: "GET", path: "/v1/team/oauth-apps", query: { ...rest, cursor: c } }, options),
      cursor,
    );
  }

  /** The client secret (`clientSecret`) is in this response only. */
  create(params: CreateOAuthAppParams, options?: CreateOptions): Promise<OAuthAppWithSecret> {
    return this.#t.request({ method: "POST", path: "/v1/team/oauth-apps", body: params, create: true }, options);
  }

  /** Its tokens stop at once and no new ones are issued. Idempotent. */
  disable(id: string, options?: RequestOptions): Promise<OAuthApp> {
    return this.#t.request({ method: "POST", path: path`/v1/team/oauth-apps/${id}/disable` }, options);
  }

  enable(id: string, options?: RequestOptions): Promise<OAuthApp> {
    return this.#t.request({ method: "POST", path: path`/v1/team/oauth-apps/${id}/enable` }, options);
  }

  /** Deletes the app with its tokens. */
  delete(id: string, options?: RequestOptions): Promise<void> {
    return this.#t.request({ method: "DELETE", path: path`/v1/team/oauth-apps/${id}` }, options);
  }
}
