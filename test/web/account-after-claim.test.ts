// Finding 13: after a claim, the account page says that whoever provisioned the account has seen its
// key, and offers to roll it; once rolled, the warning is gone.
import { describe, expect, it } from "vitest";
import { claimPath } from "../support/browser.js";
import { person } from "../support/claims.js";
import { useTestContext } from "../support/context.js";
import { org, provision } from "../support/factories.js";
import { call } from "../support/http.js";

const ctx = useTestContext();

describe("the account page after a claim", () => {
  it("warns that the provisioned key was seen by the provisioner and offers Roll; rolling clears it", async () => {
    const o = await org(ctx, "Umbrella");
    const p = await provision(ctx, o, { projectName: "Hive" });
    const { browser } = await person(ctx);
    await browser.get(claimPath(p.claimUrl));
    expect((await browser.post(claimPath(p.claimUrl), { action: "claim" })).status).toBe(303);

    const page = await browser.get("/account");
    expect(page.html).toContain("Whoever provisioned this account has seen its API key");
    expect(page.html).toContain(`action="/account/keys/${p.apiKeyId}/roll"`);
    expect(page.html).toMatch(/data-seen-key="key_[^"]+"/);

    const rolled = await browser.post(`/account/keys/${p.apiKeyId}/roll`, { gracePeriod: "0" });
    expect(rolled.status).toBe(200);
    expect((await call(ctx, "GET", "/v1/me", { key: p.apiKey })).status).toBe(401);
    const after = await browser.get("/account");
    expect(after.html).not.toContain("Whoever provisioned this account has seen its API key");
  });

  it("a key the person created themselves carries no such warning", async () => {
    const o = await org(ctx);
    const p = await provision(ctx, o);
    const { browser } = await person(ctx);
    await browser.get(claimPath(p.claimUrl));
    await browser.post(claimPath(p.claimUrl), { action: "claim" });
    await browser.post(`/account/keys/${p.apiKeyId}/revoke`);
    await browser.get("/account");
    await browser.post(`/account/projects/${p.projectId}/keys`, { name: "mine" });
    const page = await browser.get("/account");
    expect(page.html).toContain("mine");
    expect(page.html).not.toContain("has seen its API key");
  });
});
