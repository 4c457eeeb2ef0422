// Finding 8: wrong passwords are counted per account and address, with growing delays, so an attacker
// elsewhere cannot lock the real person out, and the person's own address keeps working.
import { describe, expect, it } from "vitest";
import { TestBrowser } from "../support/browser.js";
import { person } from "../support/claims.js";
import { useTestContext } from "../support/context.js";

const ctx = useTestContext();
const PASSWORD = "correct horse battery";

let n = 0;
const address = () => `198.51.${Math.floor(n / 250)}.${n++ % 250}`;

async function attempt(b: TestBrowser, email: string, password: string) {
  await b.get("/login");
  return b.post("/login", { email, password });
}

describe("login throttling per account and address", () => {
  it("an attacker's address gets growing delays after five failures; the person's own address logs in", async () => {
    const { email, browser: own } = await person(ctx);
    const attacker = new TestBrowser(ctx, address());
    for (let i = 0; i < 5; i++) expect((await attempt(attacker, email, "wrong password")).status).toBe(401);
    const delays: number[] = [];
    for (let i = 0; i < 4; i++) {
      const blocked = await attempt(attacker, email, "wrong password");
      expect(blocked.status).toBe(429);
      expect(blocked.html).toContain("Too many wrong passwords");
      const wait = Number(blocked.headers.get("retry-after"));
      delays.push(wait);
      ctx.clock.advanceSeconds(wait);
      expect((await attempt(attacker, email, "wrong password")).status).toBe(401);
    }
    expect(delays).toEqual([1, 2, 4, 8]);
    // Even the right password waits out the delay from the attacker's address…
    expect((await attempt(attacker, email, PASSWORD)).status).toBe(429);
    // …while the person, from the address they signed up from, is not held up at all.
    const mine = new TestBrowser(ctx, own.ip);
    expect((await attempt(mine, email, PASSWORD)).status).toBe(303);
  });

  it("the delay never exceeds 15 minutes", async () => {
    const { email } = await person(ctx);
    const attacker = new TestBrowser(ctx, address());
    for (let i = 0; i < 16; i++) {
      const res = await attempt(attacker, email, "wrong password");
      if (res.status === 429) {
        ctx.clock.advanceSeconds(Number(res.headers.get("retry-after")));
        expect((await attempt(attacker, email, "wrong password")).status).toBe(401);
      }
      ctx.clock.advanceSeconds(301); // past the per-address window of 20 attempts
    }
    const blocked = await attempt(attacker, email, "wrong password");
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get("retry-after"))).toBeLessThanOrEqual(900);
  });

  it("a correct login clears that address's failures", async () => {
    const { email, browser: own } = await person(ctx);
    const b = new TestBrowser(ctx, own.ip);
    for (let i = 0; i < 4; i++) expect((await attempt(b, email, "wrong password")).status).toBe(401);
    expect((await attempt(b, email, PASSWORD)).status).toBe(303);
    const fresh = new TestBrowser(ctx, own.ip);
    for (let i = 0; i < 5; i++) expect((await attempt(fresh, email, "wrong password")).status).toBe(401);
  });

  it("many addresses guessing one account: new addresses are throttled, the person's known address is not", async () => {
    const { email, browser: own } = await person(ctx);
    for (let i = 0; i < 20; i++) expect((await attempt(new TestBrowser(ctx, address()), email, "wrong password")).status).toBe(401);
    const stranger = await attempt(new TestBrowser(ctx, address()), email, PASSWORD);
    expect(stranger.status).toBe(429);
    expect(Number(stranger.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await attempt(new TestBrowser(ctx, own.ip), email, PASSWORD)).status).toBe(303);
  });

  it("keeps no email or address in clear", async () => {
    const { email } = await person(ctx);
    const ip = address();
    await attempt(new TestBrowser(ctx, ip), email, "wrong password");
    const rows = JSON.stringify(await ctx.db.selectFrom("login_failures").selectAll().execute());
    expect(rows).not.toContain(email);
    expect(rows).not.toContain(ip);
  });
});
