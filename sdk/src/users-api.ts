import type { RequestOptions, Transport } from "./core.js";
import type { ListUsersParams, UsersApiListResponse, UsersApiUser } from "./types.js";

const seg = encodeURIComponent;

/**
 * The Users API (`/v1beta1/accounts/{account_id}/users…`), wire-compatible with 1Password's: the
 * account id is the organization id. The client's key (or an OAuth access token passed as `apiKey`)
 * needs the `users.*` scope of each call. Errors are HandoffErrors whose `code` is the API's status
 * (`INVALID_ARGUMENT`, `PERMISSION_DENIED`, `NOT_FOUND`, …).
 */
export class UsersApi {
  readonly #t: Transport;
  constructor(transport: Transport) {
    this.#t = transport;
  }

  /** One page: `{ results, next_page_token }` (absent on the last page). */
  list(accountId: string, params: ListUsersParams = {}, options?: RequestOptions): Promise<UsersApiListResponse> {
    return this.#t.request({ method: "GET", path: `/v1beta1/accounts/${seg(accountId)}/users`, query: params }, options);
  }

  /** Every user, page after page (same filter throughout, as the page tokens require). */
  async *listAll(accountId: string, params: Omit<ListUsersParams, "page_token"> = {}, options?: RequestOptions): AsyncGenerator<UsersApiUser> {
    let pageToken: string | undefined;
    do {
      const page = await this.list(accountId, { ...params, ...(pageToken ? { page_token: pageToken } : {}) }, options);
      yield* page.results;
      pageToken = page.next_page_token;
    } while (pageToken);
  }

  get(accountId: string, userId: string, options?: RequestOptions): Promise<UsersApiUser> {
    return this.#t.request({ method: "GET", path: `/v1beta1/accounts/${seg(accountId)}/users/${seg(userId)}` }, options);
  }

  /** Idempotent: a suspended user comes back unchanged. */
  suspend(accountId: string, userId: string, options?: RequestOptions): Promise<UsersApiUser> {
    return this.#t.request({ method: "POST", path: `/v1beta1/accounts/${seg(accountId)}/users/${seg(userId)}:suspend` }, options);
  }

  /** Idempotent: an active user comes back unchanged. */
  reactivate(accountId: string, userId: string, options?: RequestOptions): Promise<UsersApiUser> {
    return this.#t.request({ method: "POST", path: `/v1beta1/accounts/${seg(accountId)}/users/${seg(userId)}:reactivate` }, options);
  }
}
