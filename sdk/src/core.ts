import { errorFromResponse, HandoffError } from "./errors.js";
import { backoffDelay, DEFAULT_BACKOFF, isRetryableStatus, parseRetryAfter, type BackoffOptions } from "./retry.js";

export const SDK_VERSION = "0.1.0";

export type FetchLike = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

/** Per-call options, accepted as the last argument of every method. */
export interface RequestOptions {
  /** Cancels the call (and its retries); the error then has the code `aborted`. */
  signal?: AbortSignal;
  /** Overrides the client's per-attempt timeout for this call. */
  timeoutMs?: number;
  /** Overrides the client's retry budget for this call (0: a single attempt). */
  maxRetries?: number;
  /** Extra request headers. */
  headers?: Record<string, string>;
  /** Called with the final successful response (its body already read), e.g. to read its headers. */
  onResponse?: (response: Response) => void;
}

/** Options of calls that create something. */
export interface CreateOptions extends RequestOptions {
  /**
   * Sent as the `Idempotency-Key` header and reused by every retry of this call. Generated when
   * left out. Give your own (e.g. derived from your record's id) to make a create safe to repeat
   * across runs of your program: the server answers a repeat with the original response.
   */
  idempotencyKey?: string;
}

export interface ApiRequest {
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  path: string;
  query?: Record<string, string | number | boolean | undefined> | undefined;
  body?: unknown;
  /** Send the API key (default true). */
  auth?: boolean;
  /** A create: send an Idempotency-Key, the same on every attempt. */
  create?: boolean;
}

export interface TransportOptions {
  apiKey: string | undefined;
  baseUrl: string;
  timeoutMs: number;
  maxRetries: number;
  fetch: FetchLike;
  headers: Record<string, string>;
  backoff: Required<BackoffOptions>;
}

function randomId(): string {
  const c = (globalThis as { crypto?: { randomUUID?: () => string } }).crypto;
  if (c?.randomUUID) return c.randomUUID();
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}-${Math.random().toString(36).slice(2)}`;
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
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

function abortedError(cause: unknown): HandoffError {
  return new HandoffError({ status: 0, code: "aborted", detail: "The request was aborted.", cause });
}

function describe(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const cause = (err as { cause?: unknown }).cause;
  const inner = cause instanceof Error ? cause.message : typeof cause === "object" && cause && "code" in cause ? String((cause as { code: unknown }).code) : "";
  return inner && !err.message.includes(inner) ? `${err.message} (${inner})` : err.message;
}

/** fetch, a per-attempt timeout, retries with backoff, and errors turned into HandoffError. */
export class Transport {
  readonly #o: TransportOptions;

  constructor(options: TransportOptions) {
    this.#o = options;
  }

  get baseUrl(): string {
    return this.#o.baseUrl;
  }

  url(path: string, query?: ApiRequest["query"]): string {
    const url = new URL(this.#o.baseUrl + path);
    for (const [name, value] of Object.entries(query ?? {})) {
      if (value !== undefined) url.searchParams.set(name, String(value));
    }
    return url.toString();
  }

  async request<T>(req: ApiRequest, options: CreateOptions = {}): Promise<T> {
    const headers: Record<string, string> = { accept: "application/json, application/problem+json", ...this.#o.headers };
    if (req.auth !== false && this.#o.apiKey) headers.authorization = `Bearer ${this.#o.apiKey}`;
    if (req.body !== undefined) headers["content-type"] = "application/json";
    // One key for every attempt of this call: a retry after a lost answer replays, never repeats.
    if (req.create) headers["idempotency-key"] = options.idempotencyKey ?? randomId();
    Object.assign(headers, options.headers);
    const init: RequestInit = {
      method: req.method,
      headers,
      ...(req.body !== undefined ? { body: JSON.stringify(req.body) } : {}),
    };
    const url = this.url(req.path, req.query);
    const maxRetries = Math.max(0, options.maxRetries ?? this.#o.maxRetries);
    const timeoutMs = options.timeoutMs ?? this.#o.timeoutMs;

    for (let attempt = 1; ; attempt++) {
      const retriesLeft = attempt <= maxRetries;
      let response: Response;
      let text: string;
      try {
        ({ response, text } = await this.#attempt(url, init, timeoutMs, options.signal));
      } catch (err) {
        const error = err instanceof HandoffError ? err : new HandoffError({ status: 0, code: "network_error", detail: describe(err), cause: err });
        if (error.code === "aborted" || !retriesLeft) throw error.withAttempts(attempt);
        await sleep(backoffDelay(attempt - 1, this.#o.backoff), options.signal);
        continue;
      }

      if (response.ok) {
        options.onResponse?.(response);
        if (!text) return undefined as T;
        try {
          return JSON.parse(text) as T;
        } catch (cause) {
          throw new HandoffError({
            status: response.status,
            code: "invalid_response",
            detail: `The answer to ${req.method} ${req.path} is not JSON.`,
            requestId: response.headers.get("x-request-id") ?? undefined,
            attempts: attempt,
            cause,
          });
        }
      }

      const retryAfterMs = parseRetryAfter(response.headers.get("retry-after"));
      const error = errorFromResponse(response, text, retryAfterMs).withAttempts(attempt);
      if (!retriesLeft || !isRetryableStatus(response.status, error.code)) throw error;
      if (retryAfterMs !== undefined && retryAfterMs > this.#o.backoff.maxRetryAfterMs) throw error;
      await sleep(retryAfterMs ?? backoffDelay(attempt - 1, this.#o.backoff), options.signal);
    }
  }

  /**
   * One attempt: the answer and its whole body within the timeout, or a network/timeout/abort error.
   * The timeout and the caller's signal win the race even against a fetch that ignores its signal.
   */
  async #attempt(url: string, init: RequestInit, timeoutMs: number, signal: AbortSignal | undefined) {
    if (signal?.aborted) throw abortedError(signal.reason);
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    let onAbort: (() => void) | undefined;
    const stopped = new Promise<never>((_, reject) => {
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
    work.catch(() => {}); // when the timeout wins, the late failure is of no interest
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
}
