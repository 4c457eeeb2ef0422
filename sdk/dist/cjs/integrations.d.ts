import type { CreateOptions, RequestOptions, Transport } from "./core.js";
import { PagePromise } from "./pagination.js";
import type { CreateOAuthAppParams, CreateOrganizationApiKeyParams, ListOAuthAppsParams, OAuthApp, OAuthAppWithSecret, ListOrganizationApiKeysParams, OrganizationApiKey, OrganizationApiKeyWithSecret, RolledOrganizationApiKey, RollOrganizationApiKeyParams } from "./types.js";
/** The organization's API keys for automation: each limited to its scopes and its creator's standing. */
export declare class OrganizationApiKeys {
    #private;
    constructor(transport: Transport);
    /** Newest first, never the secrets. Await for one page, or `for await` over all. */
    list(params?: ListOrganizationApiKeysParams, options?: RequestOptions): PagePromise<OrganizationApiKey>;
    /** The full key (`key`) is in this response only. Sends an Idempotency-Key every retry reuses. */
    create(params: CreateOrganizationApiKeyParams, options?: CreateOptions): Promise<OrganizationApiKeyWithSecret>;
    /** The key stops working at once (the bootstrap key too). Revoking twice is a no-op. */
    revoke(id: string, options?: RequestOptions): Promise<OrganizationApiKey>;
    /** A new key with the same scopes; the old one works for `gracePeriod` seconds (default 0). */
    roll(id: string, params?: RollOrganizationApiKeyParams, options?: CreateOptions): Promise<RolledOrganizationApiKey>;
}
/** OAuth apps (client credentials) whose tokens act within their scopes. */
export declare class OAuthApps {
    #private;
    constructor(transport: Transport);
    list(params?: ListOAuthAppsParams, options?: RequestOptions): PagePromise<OAuthApp>;
    /** The client secret (`clientSecret`) is in this response only. */
    create(params: CreateOAuthAppParams, options?: CreateOptions): Promise<OAuthAppWithSecret>;
    /** Its tokens stop at once and no new ones are issued. Idempotent. */
    disable(id: string, options?: RequestOptions): Promise<OAuthApp>;
    enable(id: string, options?: RequestOptions): Promise<OAuthApp>;
    /** Deletes the app with its tokens. */
    delete(id: string, options?: RequestOptions): Promise<void>;
}
