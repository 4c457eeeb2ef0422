import { describe, expect, it } from "vitest";
import {
  isPrivateAddress,
  MAX_WEBHOOK_ATTEMPTS,
  nextWebhookAttempt,
  outcomeOf,
  RETRY_SCHEDULE_MS,
  retryAfterMs,
  webhookUrlProblem,
} from "../../src/domain/webhook-rules.js";

const now = new Date("2026-11-30T12:00:00.000Z");

describe("webhook rules", () => {
  it("retries with growing waits for about three days, then gives up", () => {
    const total = RETRY_SCHEDULE_MS.reduce((a, b) => a + b, 0);
    expect(total / 3_600_000).toBeGreaterThan(60);
    expect(total / 3_600_000).toBeLessThan(96);
    for (let i = 1; i < RETRY_SCHEDULE_MS.length; i++) expect(RETRY_SCHEDULE_MS[i]!).toBeGreaterThanOrEqual(RETRY_SCHEDULE_MS[i - 1]!);
    expect(nextWebhookAttempt(1, now, null)!.getTime() - now.getTime()).toBe(5000);
    expect(nextWebhookAttempt(MAX_WEBHOOK_ATTEMPTS, now, null)).toBeNull();
  });

  it("honours Retry-After (seconds or a date) when it asks for longer, up to a day", () => {
    expect(retryAfterMs("120", now)).toBe(120_000);
    expect(retryAfterMs("Mon, 30 Nov 2026 12:10:00 GMT", now)).toBe(600_000);
    expect(retryAfterMs("soon", now)).toBeNull();
    expect(nextWebhookAttempt(1, now, 120_000)!.getTime() - now.getTime()).toBe(120_000);
    expect(nextWebhookAttempt(1, now, 1000)!.getTime() - now.getTime()).toBe(5000);
    expect(nextWebhookAttempt(1, now, 9e9)!.getTime() - now.getTime()).toBe(24 * 3_600_000);
  });

  it("2xx delivers, 410 disables, anything else is retried", () => {
    expect(outcomeOf(204, null).kind).toBe("delivered");
    expect(outcomeOf(410, null).kind).toBe("gone");
    expect(outcomeOf(302, null).kind).toBe("failed");
    expect(outcomeOf(503, 5000)).toEqual({ kind: "failed", retryAfterMs: 5000 });
  });

  it("refuses loopback, private, link-local, metadata and multicast addresses", () => {
    for (const ip of ["127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254", "0.0.0.0", "100.64.0.1", "224.0.0.1", "::1", "::", "fe80::1", "fd00:ec2::254", "::ffff:127.0.0.1", "::ffff:10.0.0.1", "ff02::1"]) {
      expect(isPrivateAddress(ip), ip).toBe(true);
    }
    for (const ip of ["93.184.216.34", "8.8.8.8", "2606:4700:4700::1111", "172.32.0.1"]) expect(isPrivateAddress(ip), ip).toBe(false);
  });

  it("checks a URL as written: http(s), no credentials, no private host unless allowed", () => {
    expect(webhookUrlProblem("https://hooks.example.com/x", false)).toBeNull();
    expect(webhookUrlProblem("ftp://example.com", false)).toMatch(/http/);
    expect(webhookUrlProblem("https://user:pw@example.com", false)).toMatch(/credentials/);
    expect(webhookUrlProblem("http://127.0.0.1:8080/", false)).toMatch(/loopback/);
    expect(webhookUrlProblem("http://[::1]/", false)).toMatch(/loopback/);
    expect(webhookUrlProblem("http://localhost/", false)).toMatch(/network/);
    expect(webhookUrlProblem("http://metadata.google.internal/", false)).toMatch(/network/);
    expect(webhookUrlProblem("http://127.0.0.1:8080/", true)).toBeNull();
    expect(webhookUrlProblem("not a url", true)).toMatch(/absolute/);
  });
});
