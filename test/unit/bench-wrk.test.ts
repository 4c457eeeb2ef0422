import { describe, expect, it } from "vitest";
import { parseWrk } from "../bench/wrk.js";

const report = (extra = "") => `Running 2s test @ http://127.0.0.1:4000/v1/me
  1 threads and 32 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     5.04ms    1.10ms  21.30ms   88.00%
    Req/Sec     6.39k   210.00     6.80k    70.00%
  Latency Distribution
     50%    4.81ms
     75%    5.30ms
     90%    6.10ms
     99%  850.00us
  12781 requests in 2.00s, 16.62MB read
${extra}Requests/sec:   6390.50
Transfer/sec:      8.31MB
`;

// The benchmark's client must never count a fast error as throughput.
describe("wrk's report as the auth benchmark reads it", () => {
  it("reads the request count, the duration and the latency percentiles in their units", () => {
    expect(parseWrk(report(), "u")).toEqual({ requests: 12781, seconds: 2, p50Ms: 4.81, p99Ms: 0.85 });
  });

  it("refuses a run with non-2xx answers", () => {
    expect(() => parseWrk(report("  Non-2xx or 3xx responses: 12781\n"), "u")).toThrow(/12781 non-2xx/);
  });

  it("refuses a run with socket errors", () => {
    expect(() => parseWrk(report("  Socket errors: connect 0, read 3, write 0, timeout 1\n"), "u")).toThrow(/4 socket errors/);
  });

  it("refuses a run that completed nothing, or a report it cannot read", () => {
    expect(() => parseWrk(report().replace("12781 requests", "0 requests"), "u")).toThrow(/no request/);
    expect(() => parseWrk("unable to connect to 127.0.0.1:4000 Connection refused", "u")).toThrow(/no request count/);
  });
});
