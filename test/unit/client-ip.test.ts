import { describe, expect, it } from "vitest";
import { forwardedClient } from "../../src/http/client-ip.js";

describe("forwardedClient (X-Forwarded-For behind trusted proxies)", () => {
  it("takes the entry the last trusted proxy added, ignoring what the client prepended", () => {
    expect(forwardedClient("6.6.6.6, 203.0.113.9", 1)).toBe("203.0.113.9");
    expect(forwardedClient("203.0.113.9", 1)).toBe("203.0.113.9");
  });

  it("with two proxies, the second entry from the right", () => {
    expect(forwardedClient("6.6.6.6, 203.0.113.9, 10.0.0.2", 2)).toBe("203.0.113.9");
  });

  it("with fewer entries than hops, the left-most; none: undefined", () => {
    expect(forwardedClient("203.0.113.9", 3)).toBe("203.0.113.9");
    expect(forwardedClient(undefined, 1)).toBeUndefined();
    expect(forwardedClient(" , ", 1)).toBeUndefined();
  });
});
