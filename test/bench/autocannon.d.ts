// The small part of autocannon 8's API the benchmarks use (the package ships no types and
// @types/autocannon is not installed).
declare module "autocannon" {
  export type Options = {
    url: string;
    method?: string;
    headers?: Record<string, string>;
    body?: string;
    connections?: number;
    pipelining?: number;
    /** Seconds. */
    duration?: number;
    amount?: number;
    /** Run the load generator in this many worker threads (off the server's event loop). */
    workers?: number;
    timeout?: number;
    title?: string;
  };

  export type Histogram = {
    average: number;
    mean: number;
    stddev: number;
    min: number;
    max: number;
    total: number;
    p2_5: number;
    p50: number;
    p90: number;
    p97_5: number;
    p99: number;
    sent?: number;
  };

  export type Result = {
    title?: string;
    url: string;
    connections: number;
    /** Seconds. */
    duration: number;
    start: Date;
    finish: Date;
    errors: number;
    timeouts: number;
    non2xx: number;
    resets: number;
    "2xx": number;
    statusCodeStats: Record<string, { count: number }>;
    /** Milliseconds. */
    latency: Histogram & { totalCount: number };
    /** Per-second samples of completed requests. */
    requests: Histogram;
    throughput: Histogram;
  };

  export type Instance = PromiseLike<Result>;

  function autocannon(options: Options): Instance;
  export default autocannon;
}
