import type { RequestOptions, Transport } from "./core.js";
import type { ListUsersParams, UsersApiListResponse, UsersApiUser } from "./types.js";
/**
 * The Users API (`/v1beta1/accounts/{account_id}/users…`), wire-compatible with 1Password's: the
 * account id is the organization id. The client's key (or an OAuth access token passed as `apiKey`)
 * needs the `users.*` scope of each call. Errors are HandoffErrors whose `code` is the API's status
 * (`INVALID_ARGUMENT`, `PERMISSION_DENIED`, `NOT_FOUND`, …).
 */
export declare class UsersApi {
    #private;
    constructor(transport: Transport);
    /** One page: `{ results, next_page_token }` (absent on the last page). */
    list(accountId: string, params?: ListUsersParams, options?: RequestOptions): Promise<UsersApiListResponse>;
    /** Every user, page after page (same filter throughout, as the page tokens require). */
    listAll(accountId: string, params?: Omit<ListUsersParams, "page_token">, options?: RequestOptions): AsyncGenerator<UsersApiUser>;
    get(accountId: string, userId: string, options?: RequestOptions): Promise<UsersApiUser>;
    /** Idempotent: a suspended user comes back unchanged. */
    suspend(accountId: string, userId: string, options?: RequestOptions): Promise<UsersApiUser>;
    /** Idempotent: an active user comes back unchanged. */
    reactivate(accountId: string, userId: string, options?: RequestOptions): Promise<UsersApiUser>;
}
