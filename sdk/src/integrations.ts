import type { CreateOptions, RequestOptions, Transport } from "./core.js";
import { PagePromise } from "./pagination.js";
import type {
  CreateOrganizationApiKeyParams,
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
