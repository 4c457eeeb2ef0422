import { type BackoffOptions } from "./retry.js";
export declare const SDK_VERSION = "0.1.0";
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
/** fetch, a per-attempt timeout, retries with backoff, and errors turned into HandoffError. */
export declare class Transport {
    #private;
    constructor(options: TransportOptions);
    get baseUrl(): string;
    url(path: string, query?: ApiRequest["query"]): string;
    request<T>(req: ApiRequest, options?: CreateOptions): Promise<T>;
}
