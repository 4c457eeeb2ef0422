"use strict";
var __defProp = Object.defineProperty;
var __getOwnPropDesc = Object.getOwnPropertyDescriptor;
var __getOwnPropNames = Object.getOwnPropertyNames;
var __hasOwnProp = Object.prototype.hasOwnProperty;
var __export = (target, all) => {
  for (var name in all)
    __defProp(target, name, { get: all[name], enumerable: true });
};
var __copyProps = (to, from, except, desc) => {
  if (from && typeof from === "object" || typeof from === "function") {
    for (let key of __getOwnPropNames(from))
      if (!__hasOwnProp.call(to, key) && key !== except)
        __defProp(to, key, { get: () => from[key], enumerable: !(desc = __getOwnPropDesc(from, key)) || desc.enumerable });
  }
  return to;
};
var __toCommonJS = (mod) => __copyProps(__defProp({}, "__esModule", { value: true }), mod);

// sdk/src/index.ts
var index_exports = {};
__export(index_exports, {
  Agents: () => Agents,
  Claims: () => Claims,
  DEFAULT_BASE_URL: () => DEFAULT_BASE_URL,
  Groups: () => Groups,
  Handoff: () => Handoff,
  HandoffError: () => HandoffError,
  Invitations: () => Invitations,
  Keys: () => Keys,
  Members: () => Members,
  OAuthApps: () => OAuthApps,
  OrganizationApiKeys: () => OrganizationApiKeys,
  Organizations: () => Organizations,
  PagePromise: () => PagePromise,
  Policies: () => Policies,
  Provisions: () => Provisions,
  SDK_VERSION: () => SDK_VERSION,
  UsersApi: () => UsersApi,
  backoffDelay: () => backoffDelay,
  claimToken: () => claimToken,
  isRetryableStatus: () => isRetryableStatus,
  parseRetryAfter: () => parseRetryAfter
});
module.exports = __toCommonJS(index_exports);

// sdk/src/errors.ts
var HandoffError = class _HandoffError extends Error {
  name = "HandoffError";
  status;
  code;
  title;
  detail;
  /** The server's request id (the problem's `requestId` or the `x-request-id` header): quote it in reports. */
  requestId;
  /** The problem+json body as the server sent it, when there was one. */
  problem;
  /** How many attempts were made, retries included. */
  attempts;
  /** For 429 and 503: how long the server asked to wait (Retry-After), when it said. */
  retryAfterMs;
  constructor(init) {
    super(`${init.code}${init.status ? ` (HTTP ${init.status})` : ""}: ${init.detail}`, { cause: init.cause });
    this.status = init.status;
    this.code = init.code;
    this.title = init.title;
    this.detail = init.detail;
    this.requestId = init.requestId;
    this.problem = init.problem;
    this.attempts = init.attempts ?? 1;
    this.retryAfterMs = init.retryAfterMs;
  }
  /** Field errors of a `validation_failed` answer: `{ path, message }` per field. */
  get errors() {
    return this.problem?.errors ?? [];
  }
  /** True when no HTTP answer was received: network failure, timeout or abort. */
  get isNetworkError() {
    return this.code === "network_error";
  }
  get isTimeout() {
    return this.code === "timeout";
  }
  /** A copy that records the number of attempts made. */
  withAttempts(attempts) {
    const copy = new _HandoffError({
      status: this.status,
      code: this.code,
      detail: this.detail,
      title: this.title,
      requestId: this.requestId,
      problem: this.problem,
      attempts,
      retryAfterMs: this.retryAfterMs,
      cause: this.cause
    });
    copy.stack = this.stack;
    return copy;
  }
  toJSON() {
    return this.problem ?? { status: this.status, code: this.code, title: this.title, detail: this.detail, requestId: this.requestId };
  }
};
function isProblem(body) {
  return typeof body === "object" && body !== null && typeof body.code === "string" && typeof body.status === "number";
}
function isUsersApiError(body) {
  const e = typeof body === "object" && body !== null ? body.error : void 0;
  return typeof e === "object" && e !== null && typeof e.status === "string" && typeof e.message === "string";
}
function errorFromResponse(response, text, retryAfterMs) {
  let body;
  try {
    body = text ? JSON.parse(text) : void 0;
  } catch {
    body = void 0;
  }
  const headerRequestId = response.headers.get("x-request-id") ?? void 0;
  if (isProblem(body)) {
    return new HandoffError({
      status: response.status,
      code: body.code,
      title: body.title,
      detail: body.detail ?? body.title ?? `HTTP ${response.status}`,
      requestId: body.requestId ?? headerRequestId,
      problem: body,
      retryAfterMs
    });
  }
  if (isUsersApiError(body)) {
    return new HandoffError({ status: response.status, code: body.error.status, detail: body.error.message, requestId: headerRequestId, retryAfterMs });
  }
  const snippet = text.replace(/\s+/g, " ").trim().slice(0, 200);
  return new HandoffError({
    status: response.status,
    code: "http_error",
    detail: `HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ""}${snippet ? `: ${snippet}` : ""}`,
    requestId: headerRequestId,
    retryAfterMs
  });
}

// sdk/src/retry.ts
var DEFAULT_BACKOFF = {
  initialDelayMs: 500,
  maxDelayMs: 8e3,
  maxRetryAfterMs: 6e4
};
function backoffDelay(retry, options, random = Math.random) {
  const ceiling = Math.min(options.maxDelayMs, options.initialDelayMs * 2 ** retry);
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}
function parseRetryAfter(value, now = Date.now()) {
  if (value === null) return void 0;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1e3);
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? void 0 : Math.max(0, at - now);
}
function isRetryableStatus(status, code) {
  if (status === 408 || status === 429) return true;
  if (status === 409 && code === "idempotency_key_in_use") return true;
  return status >= 500 && status !== 501 && status !== 505;
}

// sdk/src/core.ts
var SDK_VERSION = "0.1.0";
function randomId() {
  const c = globalThis.crypto;
  if (c?.randomUUID) return c.randomUUID();
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}-${Math.random().toString(36).slice(2)}`;
}
function sleep(ms, signal) {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortedError(signal.reason));
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortedError(signal?.reason));
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
function abortedError(cause) {
  return new HandoffError({ status: 0, code: "aborted", detail: "The request was aborted.", cause });
}
function describe(err) {
  if (!(err instanceof Error)) return String(err);
  const cause = err.cause;
  const inner = cause instanceof Error ? cause.message : typeof cause === "object" && cause && "code" in cause ? String(cause.code) : "";
  return inner && !err.message.includes(inner) ? `${err.message} (${inner})` : err.message;
}
var Transport = class {
  #o;
  constructor(options) {
    this.#o = options;
  }
  get baseUrl() {
    return this.#o.baseUrl;
  }
  url(path4, query) {
    const url = new URL(this.#o.baseUrl + path4);
    for (const [name, value] of Object.entries(query ?? {})) {
      if (value !== void 0) url.searchParams.set(name, String(value));
    }
    return url.toString();
  }
  async request(req, options = {}) {
    const headers = { accept: "application/json, application/problem+json", ...this.#o.headers };
    if (req.auth !== false && this.#o.apiKey) headers.authorization = `Bearer ${this.#o.apiKey}`;
    if (req.body !== void 0) headers["content-type"] = "application/json";
    if (req.create) headers["idempotency-key"] = options.idempotencyKey ?? randomId();
    Object.assign(headers, options.headers);
    const init = {
      method: req.method,
      headers,
      ...req.body !== void 0 ? { body: JSON.stringify(req.body) } : {}
    };
    const url = this.url(req.path, req.query);
    const maxRetries = Math.max(0, options.maxRetries ?? this.#o.maxRetries);
    const timeoutMs = options.timeoutMs ?? this.#o.timeoutMs;
    for (let attempt = 1; ; attempt++) {
      const retriesLeft = attempt <= maxRetries;
      let response;
      let text;
      try {
        ({ response, text } = await this.#attempt(url, init, timeoutMs, options.signal));
      } catch (err) {
        const error2 = err instanceof HandoffError ? err : new HandoffError({ status: 0, code: "network_error", detail: describe(err), cause: err });
        if (error2.code === "aborted" || !retriesLeft) throw error2.withAttempts(attempt);
        await sleep(backoffDelay(attempt - 1, this.#o.backoff), options.signal);
        continue;
      }
      if (response.ok) {
        options.onResponse?.(response);
        if (!text) return void 0;
        try {
          return JSON.parse(text);
        } catch (cause) {
          throw new HandoffError({
            status: response.status,
            code: "invalid_response",
            detail: `The answer to ${req.method} ${req.path} is not JSON.`,
            requestId: response.headers.get("x-request-id") ?? void 0,
            attempts: attempt,
            cause
          });
        }
      }
      const retryAfterMs = parseRetryAfter(response.headers.get("retry-after"));
      const error = errorFromResponse(response, text, retryAfterMs).withAttempts(attempt);
      if (!retriesLeft || !isRetryableStatus(response.status, error.code)) throw error;
      if (retryAfterMs !== void 0 && retryAfterMs > this.#o.backoff.maxRetryAfterMs) throw error;
      await sleep(retryAfterMs ?? backoffDelay(attempt - 1, this.#o.backoff), options.signal);
    }
  }
  /**
   * One attempt: the answer and its whole body within the timeout, or a network/timeout/abort error.
   * The timeout and the caller's signal win the race even against a fetch that ignores its signal.
   */
  async #attempt(url, init, timeoutMs, signal) {
    if (signal?.aborted) throw abortedError(signal.reason);
    const controller = new AbortController();
    let timer;
    let onAbort;
    const stopped = new Promise((_, reject) => {
      timer = setTimeout(() => {
        reject(new HandoffError({ status: 0, code: "timeout", detail: `No answer within ${timeoutMs} ms.` }));
        controller.abort();
      }, timeoutMs);
      onAbort = () => {
        reject(abortedError(signal?.reason));
        controller.abort();
      };
      signal?.addEventListener("abort", onAbort, { once: true });
    });
    const work = (async () => {
      const response = await this.#o.fetch(url, { ...init, signal: controller.signal });
      const text = await response.text();
      return { response, text };
    })();
    work.catch(() => {
    });
    try {
      return await Promise.race([work, stopped]);
    } catch (err) {
      if (err instanceof HandoffError) throw err;
      throw new HandoffError({ status: 0, code: "network_error", detail: describe(err), cause: err });
    } finally {
      clearTimeout(timer);
      if (onAbort) signal?.removeEventListener("abort", onAbort);
    }
  }
};

// sdk/src/pagination.ts
var PagePromise = class {
  #load;
  #cursor;
  #first;
  constructor(load, cursor) {
    this.#load = load;
    this.#cursor = cursor;
  }
  #firstPage() {
    return this.#first ??= this.#load(this.#cursor);
  }
  then(onfulfilled, onrejected) {
    return this.#firstPage().then(onfulfilled, onrejected);
  }
  catch(onrejected) {
    return this.#firstPage().catch(onrejected);
  }
  finally(onfinally) {
    return this.#firstPage().finally(onfinally);
  }
  /** Every page in turn, starting with this one. */
  async *pages() {
    let page = await this.#firstPage();
    yield page;
    const seen = /* @__PURE__ */ new Set();
    while (page.nextCursor) {
      if (seen.has(page.nextCursor)) throw new Error(`The API returned the cursor ${page.nextCursor} twice.`);
      seen.add(page.nextCursor);
      page = await this.#load(page.nextCursor);
      yield page;
    }
  }
  async *[Symbol.asyncIterator]() {
    for await (const page of this.pages()) yield* page.data;
  }
  /** Every item of every page in one array (mind the size of what you list). */
  async toArray() {
    const all = [];
    for await (const item of this) all.push(item);
    return all;
  }
  get [Symbol.toStringTag]() {
    return "PagePromise";
  }
};

// sdk/src/team.ts
var path = (strings, ...ids) => strings.reduce((out, s, i) => out + s + (i < ids.length ? encodeURIComponent(ids[i]) : ""), "");
var Members = class {
  #t;
  constructor(transport) {
    this.#t = transport;
  }
  /** Newest first, filtered by state, role, group or a search. Await for one page, or `for await` over all. */
  list(params = {}, options) {
    const { cursor, ...rest } = params;
    return new PagePromise(
      (c) => this.#t.request({ method: "GET", path: "/v1/team/members", query: { ...rest, cursor: c } }, options),
      cursor
    );
  }
  get(userId, options) {
    return this.#t.request({ method: "GET", path: path`/v1/team/members/${userId}` }, options);
  }
  /** Changes the member's role (only owners act on owners; the last active owner stays an owner). */
  setRole(userId, role, options) {
    return this.#t.request({ method: "PATCH", path: path`/v1/team/members/${userId}`, body: { role } }, options);
  }
  confirm(userId, options) {
    return this.#t.request({ method: "POST", path: path`/v1/team/members/${userId}/confirm` }, options);
  }
  /** Confirms these members: one result per person, a refusal for one does not stop the others. */
  confirmMany(userIds, options) {
    return this.#t.request({ method: "POST", path: "/v1/team/members/confirm", body: { userIds } }, options);
  }
  /** Confirms everyone awaiting confirmation (`remaining`: call again for more). */
  confirmAll(options) {
    return this.#t.request({ method: "POST", path: "/v1/team/members/confirm", body: { all: true } }, options);
  }
  /**
   * Suspends the member at once; at `deauthorizeAfter` seconds (0–86400, default 0) their sessions end
   * and their projects' keys are refused. Idempotent.
   */
  suspend(userId, params = {}, options) {
    return this.#t.request({ method: "POST", path: path`/v1/team/members/${userId}/suspend`, body: params }, options);
  }
  /** Everything works again (keys revoked meanwhile stay revoked). Idempotent. */
  reactivate(userId, options) {
    return this.#t.request({ method: "POST", path: path`/v1/team/members/${userId}/reactivate` }, options);
  }
  /**
   * Starts account recovery for 1–10 people (as `op user recovery begin`): one result per person. Their
   * password stops working and their sessions end; each gets a single-use link by mail (`recoveryUrl`
   * only when the server sends no mail). Projects, agents and keys are untouched.
   */
  beginRecovery(userIds, options) {
    return this.#t.request({ method: "POST", path: "/v1/team/recovery", body: { userIds } }, options);
  }
  /** Completes a recovery the person accepted (they set a new password): they can log in again. */
  completeRecovery(userId, options) {
    return this.#t.request({ method: "POST", path: path`/v1/team/members/${userId}/recovery/complete` }, options);
  }
  /** Cancels a recovery: active again; the open link stops working. */
  cancelRecovery(userId, options) {
    return this.#t.request({ method: "POST", path: path`/v1/team/members/${userId}/recovery/cancel` }, options);
  }
  /** Deletes a suspended member from the organization; their projects go to `transferProjectsTo` or are deleted. */
  delete(userId, params = {}, options) {
    return this.#t.request({ method: "DELETE", path: path`/v1/team/members/${userId}`, query: { ...params } }, options);
  }
};
var Groups = class {
  #t;
  constructor(transport) {
    this.#t = transport;
  }
  async list(options) {
    return (await this.#t.request({ method: "GET", path: "/v1/team/groups" }, options)).data;
  }
  create(params, options) {
    return this.#t.request({ method: "POST", path: "/v1/team/groups", body: params }, options);
  }
  update(id, params, options) {
    return this.#t.request({ method: "PATCH", path: path`/v1/team/groups/${id}`, body: params }, options);
  }
  /** Built-in groups cannot be deleted. */
  delete(id, options) {
    return this.#t.request({ method: "DELETE", path: path`/v1/team/groups/${id}` }, options);
  }
  /** Puts a member in the group (idempotent). */
  addMember(id, userId, options) {
    return this.#t.request({ method: "PUT", path: path`/v1/team/groups/${id}/members/${userId}` }, options);
  }
  /** Takes a member out of the group (idempotent). */
  removeMember(id, userId, options) {
    return this.#t.request({ method: "DELETE", path: path`/v1/team/groups/${id}/members/${userId}` }, options);
  }
};
var Policies = class {
  #t;
  constructor(transport) {
    this.#t = transport;
  }
  get(options) {
    return this.#t.request({ method: "GET", path: "/v1/team/policy" }, options);
  }
  update(params, options) {
    return this.#t.request({ method: "PATCH", path: "/v1/team/policy", body: params }, options);
  }
};
var Invitations = class {
  #t;
  constructor(transport) {
    this.#t = transport;
  }
  /** The link (`url`) is in this response only. Sends an Idempotency-Key every retry reuses. */
  create(params = {}, options) {
    return this.#t.request({ method: "POST", path: "/v1/team/invitations", body: params, create: true }, options);
  }
  list(params = {}, options) {
    const { cursor, ...rest } = params;
    return new PagePromise(
      (c) => this.#t.request({ method: "GET", path: "/v1/team/invitations", query: { ...rest, cursor: c } }, options),
      cursor
    );
  }
  get(id, options) {
    return this.#t.request({ method: "GET", path: path`/v1/team/invitations/${id}` }, options);
  }
  /** The link stops working at once. Revoking twice is a no-op. */
  revoke(id, options) {
    return this.#t.request({ method: "DELETE", path: path`/v1/team/invitations/${id}` }, options);
  }
  /** A new link; the previous one stops working. */
  resend(id, options) {
    return this.#t.request({ method: "POST", path: path`/v1/team/invitations/${id}/resend` }, options);
  }
};
var Organizations = class {
  #t;
  constructor(transport) {
    this.#t = transport;
  }
  /** Renames the organization (owners and the admin key). */
  rename(name, options) {
    return this.#t.request({ method: "PATCH", path: "/v1/team/organization", body: { name } }, options);
  }
};

// sdk/src/integrations.ts
var path2 = (strings, ...ids) => strings.reduce((out, s, i) => out + s + (i < ids.length ? encodeURIComponent(ids[i]) : ""), "");
var OrganizationApiKeys = class {
  #t;
  constructor(transport) {
    this.#t = transport;
  }
  /** Newest first, never the secrets. Await for one page, or `for await` over all. */
  list(params = {}, options) {
    const { cursor, ...rest } = params;
    return new PagePromise(
      (c) => this.#t.request({ method: "GET", path: "/v1/team/api-keys", query: { ...rest, cursor: c } }, options),
      cursor
    );
  }
  /** The full key (`key`) is in this response only. Sends an Idempotency-Key every retry reuses. */
  create(params, options) {
    return this.#t.request({ method: "POST", path: "/v1/team/api-keys", body: params, create: true }, options);
  }
  /** The key stops working at once (the bootstrap key too). Revoking twice is a no-op. */
  revoke(id, options) {
    return this.#t.request({ method: "DELETE", path: path2`/v1/team/api-keys/${id}` }, options);
  }
  /** A new key with the same scopes; the old one works for `gracePeriod` seconds (default 0). */
  roll(id, params = {}, options) {
    return this.#t.request({ method: "POST", path: path2`/v1/team/api-keys/${id}/roll`, body: params, create: true }, options);
  }
};
var OAuthApps = class {
  #t;
  constructor(transport) {
    this.#t = transport;
  }
  list(params = {}, options) {
    const { cursor, ...rest } = params;
    return new PagePromise(
      (c) => this.#t.request({ method: "GET", path: "/v1/team/oauth-apps", query: { ...rest, cursor: c } }, options),
      cursor
    );
  }
  /** The client secret (`clientSecret`) is in this response only. */
  create(params, options) {
    return this.#t.request({ method: "POST", path: "/v1/team/oauth-apps", body: params, create: true }, options);
  }
  /** Its tokens stop at once and no new ones are issued. Idempotent. */
  disable(id, options) {
    return this.#t.request({ method: "POST", path: path2`/v1/team/oauth-apps/${id}/disable` }, options);
  }
  enable(id, options) {
    return this.#t.request({ method: "POST", path: path2`/v1/team/oauth-apps/${id}/enable` }, options);
  }
  /** Deletes the app with its tokens. */
  delete(id, options) {
    return this.#t.request({ method: "DELETE", path: path2`/v1/team/oauth-apps/${id}` }, options);
  }
};

// sdk/src/users-api.ts
var seg = encodeURIComponent;
var UsersApi = class {
  #t;
  constructor(transport) {
    this.#t = transport;
  }
  /** One page: `{ results, next_page_token }` (absent on the last page). */
  list(accountId, params = {}, options) {
    return this.#t.request({ method: "GET", path: `/v1beta1/accounts/${seg(accountId)}/users`, query: params }, options);
  }
  /** Every user, page after page (same filter throughout, as the page tokens require). */
  async *listAll(accountId, params = {}, options) {
    let pageToken;
    do {
      const page = await this.list(accountId, { ...params, ...pageToken ? { page_token: pageToken } : {} }, options);
      yield* page.results;
      pageToken = page.next_page_token;
    } while (pageToken);
  }
  get(accountId, userId, options) {
    return this.#t.request({ method: "GET", path: `/v1beta1/accounts/${seg(accountId)}/users/${seg(userId)}` }, options);
  }
  /** Idempotent: a suspended user comes back unchanged. */
  suspend(accountId, userId, options) {
    return this.#t.request({ method: "POST", path: `/v1beta1/accounts/${seg(accountId)}/users/${seg(userId)}:suspend` }, options);
  }
  /** Idempotent: an active user comes back unchanged. */
  reactivate(accountId, userId, options) {
    return this.#t.request({ method: "POST", path: `/v1beta1/accounts/${seg(accountId)}/users/${seg(userId)}:reactivate` }, options);
  }
};

// sdk/src/client.ts
var DEFAULT_BASE_URL = "http://localhost:8787";
function fromEnv(name) {
  const proc = globalThis.process;
  const value = proc?.env?.[name];
  return value ? value : void 0;
}
var path3 = (strings, ...ids) => strings.reduce((out, s, i) => out + s + (i < ids.length ? encodeURIComponent(ids[i]) : ""), "");
var Provisions = class {
  #t;
  constructor(transport) {
    this.#t = transport;
  }
  /**
   * Provisions a placeholder user with a project, a default agent, a working API key and a claim link.
   * Sends an Idempotency-Key (yours, or a generated one) that every retry reuses: a retry after a
   * lost answer gets the original response, never a second provision.
   */
  create(params = {}, options) {
    return this.#t.request({ method: "POST", path: "/v1/team/provisions", body: params, create: true }, options);
  }
  /** Newest first. Await for one page, or `for await` over every provision. */
  list(params = {}, options) {
    const { cursor, ...rest } = params;
    return new PagePromise(
      (c) => this.#t.request({ method: "GET", path: "/v1/team/provisions", query: { ...rest, cursor: c } }, options),
      cursor
    );
  }
  get(id, options) {
    return this.#t.request({ method: "GET", path: path3`/v1/team/provisions/${id}` }, options);
  }
  /** Cancels a pending provision: its key stops working and what it created is deleted. Repeating it is a no-op. */
  cancel(id, options) {
    return this.#t.request({ method: "DELETE", path: path3`/v1/team/provisions/${id}` }, options);
  }
  /** Issues a new claim link (optionally with a new expiry, in seconds); every earlier link stops working. */
  regenerateClaimLink(id, params = {}, options) {
    return this.#t.request({ method: "POST", path: path3`/v1/team/provisions/${id}/claim-link`, body: params }, options);
  }
};
var Agents = class {
  #t;
  constructor(transport) {
    this.#t = transport;
  }
  list(params = {}, options) {
    const { cursor, ...rest } = params;
    return new PagePromise(
      (c) => this.#t.request({ method: "GET", path: "/v1/agents", query: { ...rest, cursor: c } }, options),
      cursor
    );
  }
  create(params, options) {
    return this.#t.request({ method: "POST", path: "/v1/agents", body: params, create: true }, options);
  }
  get(id, options) {
    return this.#t.request({ method: "GET", path: path3`/v1/agents/${id}` }, options);
  }
  /** The project's default agent (identifier `default`). */
  getDefault(options) {
    return this.#t.request({ method: "GET", path: "/v1/agents/default" }, options);
  }
  update(id, params, options) {
    return this.#t.request({ method: "PATCH", path: path3`/v1/agents/${id}`, body: params }, options);
  }
  /** Deletes the agent and revokes the keys bound to it. The default agent cannot be deleted. */
  delete(id, options) {
    return this.#t.request({ method: "DELETE", path: path3`/v1/agents/${id}` }, options);
  }
};
var Keys = class {
  #t;
  constructor(transport) {
    this.#t = transport;
  }
  list(params = {}, options) {
    const { cursor, ...rest } = params;
    return new PagePromise(
      (c) => this.#t.request({ method: "GET", path: "/v1/keys", query: { ...rest, cursor: c } }, options),
      cursor
    );
  }
  /** The full key is in this response only (`key`). */
  create(params, options) {
    return this.#t.request({ method: "POST", path: "/v1/keys", body: params, create: true }, options);
  }
  /** The key stops working at once. Revoking twice is a no-op. */
  revoke(id, options) {
    return this.#t.request({ method: "DELETE", path: path3`/v1/keys/${id}` }, options);
  }
  /** A new key with the same name, agent, scopes and expiry; the old one works for `gracePeriod` seconds (default 0). */
  roll(id, params = {}, options) {
    return this.#t.request({ method: "POST", path: path3`/v1/keys/${id}/roll`, body: params, create: true }, options);
  }
};
var Claims = class {
  #t;
  constructor(transport) {
    this.#t = transport;
  }
  /** What a claim link offers (organization, role, expiry, status). Takes the token or the whole link. */
  preview(tokenOrUrl, options) {
    const token = claimToken(tokenOrUrl);
    const headers = { ...options?.headers, "claim-token": token };
    return this.#t.request({ method: "GET", path: "/v1/claims/preview", auth: false }, { ...options, headers });
  }
};
function claimToken(tokenOrUrl) {
  const match = /\/claim\/([^/?#]+)/.exec(tokenOrUrl);
  return match ? decodeURIComponent(match[1]) : tokenOrUrl.trim();
}
var Handoff = class {
  provisions;
  agents;
  keys;
  claims;
  members;
  groups;
  policy;
  invitations;
  organization;
  /** The organization's API keys (`/v1/team/api-keys`). */
  apiKeys;
  /** The organization's OAuth apps (`/v1/team/oauth-apps`). */
  oauthApps;
  /** The Users API, as 1Password's v1beta1 (`/v1beta1/accounts/{account_id}/users`). */
  usersApi;
  baseUrl;
  #t;
  constructor(options = {}) {
    const fetchImpl = options.fetch ?? (globalThis.fetch ? globalThis.fetch.bind(globalThis) : void 0);
    if (!fetchImpl) throw new TypeError("No fetch here: pass one as `new Handoff({ fetch })`.");
    const baseUrl = (options.baseUrl ?? fromEnv("HANDOFF_URL") ?? DEFAULT_BASE_URL).replace(/\/+$/, "");
    try {
      new URL(baseUrl);
    } catch {
      throw new TypeError(`baseUrl is not a URL: ${JSON.stringify(baseUrl)}`);
    }
    const timeoutMs = options.timeoutMs ?? 3e4;
    const maxRetries = options.maxRetries ?? 2;
    if (!(timeoutMs > 0)) throw new RangeError("timeoutMs must be a positive number of milliseconds");
    if (!(maxRetries >= 0) || !Number.isInteger(maxRetries)) throw new RangeError("maxRetries must be an integer \u2265 0");
    const isNode = typeof globalThis.process?.versions?.node === "string";
    this.baseUrl = baseUrl;
    this.#t = new Transport({
      apiKey: options.apiKey ?? fromEnv("HANDOFF_API_KEY"),
      baseUrl,
      timeoutMs,
      maxRetries,
      fetch: fetchImpl,
      headers: { ...isNode ? { "user-agent": `handoff-sdk/${SDK_VERSION}` } : {}, ...options.headers },
      backoff: { ...DEFAULT_BACKOFF, ...options.backoff }
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
  me(options) {
    return this.#t.request({ method: "GET", path: "/v1/me" }, options);
  }
  /** Any API call, with the same auth, retries and errors: for routes newer than this SDK. */
  request(req, options) {
    return this.#t.request(req, options);
  }
};
