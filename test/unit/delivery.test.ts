import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import { deliveryState, failureReason, MAX_DELIVERY_ATTEMPTS, nextAttemptAfter } from "../../src/domain/delivery.js";
import { messageIdOf } from "../../src/services/mail/transport.js";

const t0 = new Date("2026-11-30T12:00:00.000Z");

describe("delivery rules", () => {
  it("waits 30 s after the first failure, doubling each time up to 6 h, and gives up after the last attempt", () => {
    const waits = Array.from({ length: MAX_DELIVERY_ATTEMPTS - 1 }, (_, i) => nextAttemptAfter(i + 1, t0)!.getTime() - t0.getTime());
    expect(waits.slice(0, 4)).toEqual([30_000, 60_000, 120_000, 240_000]);
    expect(Math.max(...waits)).toBeLessThanOrEqual(6 * 3600_000);
    for (let i = 1; i < waits.length; i++) expect(waits[i]).toBeGreaterThanOrEqual(waits[i - 1]!);
    expect(nextAttemptAfter(MAX_DELIVERY_ATTEMPTS, t0)).toBeNull();
  });

  it("shows a row being attempted as queued", () => {
    expect(deliveryState("sending")).toBe("queued");
    expect(deliveryState("failed")).toBe("failed");
  });

  it("keeps a failure reason short, on one line, and without credentials from a URL", () => {
    expect(failureReason(new Error("connect ECONNREFUSED\n  at smtp://user:secret@mail.example.com:465"))).toBe(
      "connect ECONNREFUSED at smtp://…@mail.example.com:465",
    );
    expect(failureReason(new Error("x".repeat(1000))).length).toBe(300);
  });

  it("gives a message one Message-ID in the sender's domain", () => {
    expect(messageIdOf({ id: "mail_1", from: "Handoff <noreply@example.com>", to: "a@b.c", subject: "", text: "", html: "" })).toBe("<mail_1@example.com>");
  });
});

describe("mail configuration", () => {
  it("is off without a transport", () => {
    expect(loadConfig({}).mail).toBeNull();
  });

  it("takes SMTP_URL with MAIL_FROM, or an HTTP relay with its secret", () => {
    expect(loadConfig({ SMTP_URL: "smtps://u:p@smtp.example.com:465", MAIL_FROM: "Handoff <h@example.com>" }).mail).toEqual({
      from: "Handoff <h@example.com>",
      transport: { kind: "smtp", url: "smtps://u:p@smtp.example.com:465" },
    });
    expect(loadConfig({ MAIL_HTTP_URL: "https://relay.example.com/send", MAIL_HTTP_SECRET: "0123456789abcdef", MAIL_FROM: "h@example.com" }).mail).toEqual({
      from: "h@example.com",
      transport: { kind: "http", url: "https://relay.example.com/send", secret: "0123456789abcdef" },
    });
  });

  it("names each variable that is wrong or missing", () => {
    expect(() => loadConfig({ SMTP_URL: "http://mail.example.com" })).toThrow(/SMTP_URL: must be an smtp:\/\/ or smtps:\/\/ URL/);
    expect(() => loadConfig({ SMTP_URL: "smtp://mail.example.com" })).toThrow(/MAIL_FROM: required when SMTP_URL or MAIL_HTTP_URL is set/);
    expect(() => loadConfig({ MAIL_HTTP_URL: "https://relay.example.com", MAIL_FROM: "h@example.com" })).toThrow(/MAIL_HTTP_SECRET: required/);
    expect(() => loadConfig({ SMTP_URL: "smtp://m.example.com", MAIL_FROM: "not an address" })).toThrow(/MAIL_FROM: must be an address/);
  });

  it("runs the delivery job every minute unless DELIVERY_CRON says otherwise", () => {
    expect(loadConfig({}).deliveryCron).toBe("* * * * *");
    expect(loadConfig({ DELIVERY_CRON: "off" }).deliveryCron).toBeNull();
    expect(() => loadConfig({ DELIVERY_CRON: "every day" }, { cronProblem: (e) => (e === "every day" ? "not a cron expression" : null) })).toThrow(
      /DELIVERY_CRON: not a cron expression/,
    );
  });
});
