export { Handoff, Provisions, Agents, Keys, Claims, claimToken, DEFAULT_BASE_URL, type HandoffOptions } from "./client.js";
export { Groups, Invitations, Members, Organizations, Policies } from "./team.js";
export { OAuthApps, OrganizationApiKeys } from "./integrations.js";
export { SDK_VERSION, type ApiRequest, type CreateOptions, type FetchLike, type RequestOptions } from "./core.js";
export { HandoffError, type ClientErrorCode, type HandoffErrorCode, type HandoffErrorInit } from "./errors.js";
export { PagePromise } from "./pagination.js";
export { backoffDelay, isRetryableStatus, parseRetryAfter, type BackoffOptions } from "./retry.js";
export type * from "./types.js";
export type { components, operations, paths } from "./generated/openapi.js";
