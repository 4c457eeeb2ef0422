import { mkdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { createOrganization } from "../../src/services/bootstrap.js";
import { SCREENSHOTS, useBrowserTest } from "./support.js";

const t = useBrowserTest();
mkdirSync(SCREENSHOTS, { recursive: true });

async function provisionOverHttp(body: Record<string, unknown>) {
  const o = await createOrganization(t.db, { organizationName: "Initech", publicUrl: t.baseUrl, now: new Date() });
  const res = await fetch(`${t.baseUrl}/v1/team/provisions`, {
    method: "POST",
    headers: { authorization: `Bearer ${o.adminKey}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  expect(res.status).toBe(201);
  return (await res.json()) as { id: string; apiKey: string; claimUrl: string; projectId: string };
}

async function keyWorks(apiKey: string) {
  return (await fetch(`${t.baseUrl}/v1/me`, { headers: { authorization: `Bearer ${apiKey}` } })).status === 200;
}

describe("claiming in a real browser", () => {
  it("a new person signs up through the claim link, claims, and sees the project on their account page", async () => {
    const p = await provisionOverHttp({ name: "Peter Gibbons", email: "peter@initech.example", projectName: "TPS reports", skipOnboarding: false });
    const page = await t.browser.newPage({ viewport: { width: 1100, height: 900 } });
    await page.goto(p.claimUrl);
    await expect.poll(() => page.title()).toContain("Join Initech");
    await page.screenshot({ path: `${SCREENSHOTS}/claim-page-new-person.png`, fullPage: true });
    await page.getByLabel("Name").fill("Peter Gibbons");
    expect(await page.getByLabel("Email").inputValue()).toBe("peter@initech.example");
    await page.getByLabel("Password").fill("correct horse battery");
    await page.getByRole("button", { name: "Sign up" }).click();
    // Signing up claims nothing yet: back on the claim page, the confirmation names the organization.
    await page.getByRole("button", { name: "Claim account" }).waitFor();
    expect(page.url()).toBe(p.claimUrl);
    expect(await page.textContent("main")).toContain("Initech");
    await page.screenshot({ path: `${SCREENSHOTS}/claim-page-confirm.png`, fullPage: true });
    await page.getByRole("button", { name: "Claim account" }).click();
    await page.waitForURL(`**/onboarding/${p.id}`);
    await page.screenshot({ path: `${SCREENSHOTS}/onboarding.png`, fullPage: true });
    await page.getByRole("link", { name: "Continue to your account" }).click();
    await page.waitForURL("**/account?org=*");
    const text = await page.textContent("main");
    expect(text).toContain("TPS reports");
    expect(text).toContain("Initech");
    await page.screenshot({ path: `${SCREENSHOTS}/account-after-claim.png`, fullPage: true });
    expect(await keyWorks(p.apiKey)).toBe(true);
    await page.close();
  });

  it("an existing person logs in through the claim link, presses Claim account, and sees the project", async () => {
    const p = await provisionOverHttp({ projectName: "Jump to conclusions" });
    const context = await t.browser.newContext({ viewport: { width: 390, height: 844 } }); // a phone
    const page = await context.newPage();
    await page.goto(`${t.baseUrl}/signup`);
    await page.getByLabel("Name").fill("Tom Smykowski");
    await page.getByLabel("Email").fill("tom@initech.example");
    await page.getByLabel("Password").fill("correct horse battery");
    await page.getByRole("button", { name: "Sign up" }).click();
    await page.waitForURL("**/account");
    await page.getByRole("button", { name: "Log out" }).click();
    await page.waitForURL("**/login");

    await page.goto(p.claimUrl);
    await page.getByRole("button", { name: "Log in" }).click();
    await page.getByLabel("Email").fill("tom@initech.example");
    await page.getByLabel("Password").fill("correct horse battery");
    await page.getByRole("button", { name: "Log in" }).click();
    await page.waitForURL(p.claimUrl);
    await page.screenshot({ path: `${SCREENSHOTS}/claim-page-logged-in.png`, fullPage: true });
    await page.getByRole("button", { name: "Claim account" }).click();
    await page.waitForURL("**/account?org=*&claimed=1");
    const text = await page.textContent("main");
    expect(text).toContain("Jump to conclusions");
    expect(text).toContain("Initech"); // in the claimed organization's context
    expect(text).toContain("Account claimed");
    await page.screenshot({ path: `${SCREENSHOTS}/account-after-transfer.png`, fullPage: true });
    expect(await keyWorks(p.apiKey)).toBe(true);
    await context.close();
  });

  it("shows a clear page for a link that was already used", async () => {
    const p = await provisionOverHttp({});
    const page = await t.browser.newPage();
    await page.goto(p.claimUrl);
    await page.getByLabel("Name").fill("First");
    await page.getByLabel("Email").fill("first@initech.example");
    await page.getByLabel("Password").fill("correct horse battery");
    await page.getByRole("button", { name: "Sign up" }).click();
    await page.getByRole("button", { name: "Claim account" }).click();
    await page.waitForURL("**/account?org=*&claimed=1");
    const other = await t.browser.newPage();
    const res = await other.goto(p.claimUrl);
    expect(res?.status()).toBe(409);
    expect(await other.textContent("h1")).toBe("This account was already claimed");
    await other.screenshot({ path: `${SCREENSHOTS}/claim-already-used.png`, fullPage: true });
    await page.close();
    await other.close();
  });

  it("the header's Sign up and Log in on a claim page come back to the claim", async () => {
    const p = await provisionOverHttp({ projectName: "Red stapler" });
    const context = await t.browser.newContext({ viewport: { width: 1100, height: 800 } });
    const page = await context.newPage();
    await page.goto(p.claimUrl);
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Sign up" }).click();
    await page.getByLabel("Name").fill("Milton Waddams");
    await page.getByLabel("Email").fill("milton@initech.example");
    await page.getByLabel("Password").fill("correct horse battery");
    await page.getByRole("button", { name: "Sign up" }).click();
    await page.waitForURL(p.claimUrl);
    await page.getByRole("button", { name: "Log out" }).click();
    await page.waitForURL("**/login");

    await page.goto(p.claimUrl);
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Log in" }).click();
    await page.getByLabel("Email").fill("milton@initech.example");
    await page.getByLabel("Password").fill("correct horse battery");
    await page.getByRole("button", { name: "Log in" }).click();
    await page.waitForURL(p.claimUrl);
    await page.getByRole("button", { name: "Claim account" }).click();
    await page.waitForURL("**/account?org=*&claimed=1");
    const text = await page.textContent("main");
    expect(text).toContain("Red stapler");
    expect(text).toContain("Whoever provisioned this account has seen its API key");
    await page.screenshot({ path: `${SCREENSHOTS}/account-after-claim-context.png`, fullPage: true });
    await context.close();
  });
});
