import { describe, expect, it } from "vitest";
import { MEMBERSHIP_STATES } from "../../src/domain/membership-states.js";
import { decodePageToken, encodePageToken, parsePageSize, parseUserFilter, userPath, userState, usersApiStatusOf } from "../../src/domain/users-api.js";

describe("Users API rules", () => {
  it("only a suspension is SUSPENDED; every other standing is ACTIVE", () => {
    for (const s of MEMBERSHIP_STATES) expect(userState(s)).toBe(s === "suspended" ? "SUSPENDED" : "ACTIVE");
    expect(userPath("org_a", "usr_b")).toBe("accounts/org_a/users/usr_b");
  });

  it("filter: empty, user.isActive(), user.isSuspended(); anything else names what is allowed", () => {
    expect(parseUserFilter(undefined)).toBe("all");
    expect(parseUserFilter(" ")).toBe("all");
    expect(parseUserFilter("user.isActive()")).toBe("active");
    expect(parseUserFilter(" user.isSuspended() ")).toBe("suspended");
    for (const bad of ["user.isActive", "user.isactive()", "user.isDeleted()", "user.isActive() && user.isSuspended()"]) {
      expect(parseUserFilter(bad)).toEqual({ invalid: expect.stringContaining("`user.isActive()` or `user.isSuspended()`") });
    }
  });

  it("max_page_size: 1–1000, default 25, whole numbers only", () => {
    expect(parsePageSize(undefined)).toBe(25);
    expect(parsePageSize("")).toBe(25);
    expect(parsePageSize("1")).toBe(1);
    expect(parsePageSize("1000")).toBe(1000);
    for (const bad of ["0", "1001", "-5", "2.5", "1e2", " 5", "0x10", "99999999"]) expect(typeof parsePageSize(bad)).toBe("object");
  });

  it("page tokens round-trip and refuse anything this API did not write", () => {
    const p = { joined: "2026-11-30 22:55:08.123456+00", userId: "usr_abc", filter: "suspended" as const };
    expect(decodePageToken(encodePageToken(p))).toEqual(p);
    expect(encodePageToken(p)).toMatch(/^[A-Za-z0-9_-]+$/);
    const forged = (v: unknown) => Buffer.from(JSON.stringify(v)).toString("base64url");
    for (const bad of [
      "",
      "%%%",
      forged(["2026-11-30T22:55:08Z", "usr_abc", "all"]),
      forged([p.joined, "usr_abc'--", "all"]),
      forged([p.joined, "usr_abc", "deleted"]),
      forged([p.joined, "usr_abc"]),
      forged({ joined: p.joined }),
      "x".repeat(400),
    ]) {
      expect(decodePageToken(bad)).toBeNull();
    }
  });

  it("domain errors map to the canonical statuses", () => {
    expect(usersApiStatusOf("validation_failed")).toBe("INVALID_ARGUMENT");
    expect(usersApiStatusOf("access_token_expired")).toBe("UNAUTHENTICATED");
    expect(usersApiStatusOf("insufficient_scope")).toBe("PERMISSION_DENIED");
    expect(usersApiStatusOf("not_found")).toBe("NOT_FOUND");
    expect(usersApiStatusOf("last_owner")).toBe("FAILED_PRECONDITION");
    expect(usersApiStatusOf("rate_limited")).toBe("RESOURCE_EXHAUSTED");
    expect(usersApiStatusOf("internal_error")).toBe("INTERNAL");
    expect(usersApiStatusOf("member_suspended", 401)).toBe("UNAUTHENTICATED");
  });
});
