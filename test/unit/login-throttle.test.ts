import { describe, expect, it } from "vitest";
import { delayAfter, LOGIN_THROTTLE } from "../../src/domain/login-throttle.js";

describe("login delays", () => {
  it("none before the allowance, then 1, 2, 4 … seconds, never more than 15 minutes", () => {
    expect([0, 1, 4].map((n) => delayAfter(n, 5))).toEqual([0, 0, 0]);
    expect([5, 6, 7, 8].map((n) => delayAfter(n, 5))).toEqual([1, 2, 4, 8]);
    expect(delayAfter(15, 5)).toBe(LOGIN_THROTTLE.maxDelaySeconds);
    expect(delayAfter(10_000, 5)).toBe(900);
  });
});
