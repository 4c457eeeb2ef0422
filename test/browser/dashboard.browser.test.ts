import { mkdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { createOrganization } from "../../src/services/bootstrap.js";
import { expectAccessible } from "./a11y.js";
import { SCREENSHOTS, useBrowserTest } from "./support.js";

const t = useBrowserTest();
mkdirSync(SCREENSHOTS, { recursive: true });
const PASSWORD = "correct horse battery";

async function apiStatus(path: string, key: string) {
  return (await fetch(`${t.baseUrl}${path}`, { headers: { authorization: `Bearer ${key}` } })).status;
}

describe("the dashboard in a real browser", () => {
  it("owner sets up the org, provisions, copies the key that works; a newcomer claims; the Team page shows it; cancel kills a key", async () => {
    const org = await createOrganization(t.db, { organizationName: "Hooli", publicUrl: t.baseUrl, now: new Date() });
    const owner = await t.browser.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true, permissions: ["clipboard-read", "clipboard-write"] });
    const page = await owner.newPage();

    // The owner sets up the organization through the setup link.
    await page.goto(org.ownerSetupUrl);
    await expectAccessible(page, "setup");
    await page.getByLabel("Name").fill("Gavin Belson");
    await page.getByLabel("Email").fill("gavin@hooli.example");
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Create owner account" }).click();
    await page.waitForURL("**/account");
    await expectAccessible(page, "account");

    // Team → Provision new user.
    await page.getByRole("link", { name: "Team" }).click();
    await page.waitForURL(`**/orgs/${org.organizationId}/team`);
    await page.getByRole("link", { name: "Provision new user" }).click();
    await expectAccessible(page, "provision form");
    await page.getByLabel("Role").selectOption("admin");
    await page.getByLabel("Name", { exact: true }).fill("Richard Hendricks");
    await page.getByLabel("Email").fill("richard@piedpiper.example");
    await page.getByLabel("Project name").fill("Compression");
    await page.getByRole("button", { name: "Provision" }).click();
    await page.getByText("The API key is shown once.").waitFor();
    await expectAccessible(page, "provision result");
    await page.screenshot({ path: `${SCREENSHOTS}/provision-result.png`, fullPage: true });

    // Copy the key with its Copy button and use it against the API.
    await page.locator('button[data-copy="api-key"]').click();
    const apiKey = await page.evaluate(() => navigator.clipboard.readText());
    expect(apiKey).toMatch(/^hnd_/);
    expect(await apiStatus("/v1/me", apiKey)).toBe(200);
    const claimUrl = (await page.locator("#claim-url").textContent())!.trim();

    // A second browser context claims the link by signing up.
    const newcomer = await t.browser.newContext({ viewport: { width: 390, height: 844 }, bypassCSP: true });
    const claimPage = await newcomer.newPage();
    await claimPage.goto(claimUrl);
    await expectAccessible(claimPage, "claim page");
    await claimPage.screenshot({ path: `${SCREENSHOTS}/claim-page-phone.png`, fullPage: true });
    await claimPage.getByLabel("Name").fill("Richard Hendricks");
    await claimPage.getByLabel("Password").fill(PASSWORD);
    await claimPage.getByRole("button", { name: "Sign up" }).click();
    await claimPage.getByRole("button", { name: "Claim account" }).waitFor();
    await expectAccessible(claimPage, "claim confirmation");
    await claimPage.getByRole("button", { name: "Claim account" }).click();
    await claimPage.waitForURL("**/account?org=*&claimed=1");
    await expectAccessible(claimPage, "account after claim");
    expect(await apiStatus("/v1/me", apiKey)).toBe(200);

    // The Team page now shows "claimed".
    await page.goto(`${t.baseUrl}/orgs/${org.organizationId}/team`);
    const row = page.locator("tr", { hasText: "Richard Hendricks" }).last();
    await expect.poll(() => row.textContent()).toContain("claimed");
    await expectAccessible(page, "team");

    // Cancel another provision from the dashboard: its key fails.
    await page.getByRole("link", { name: "Provision new user" }).click();
    await page.getByLabel("Name", { exact: true }).fill("Erlich Bachman");
    await page.getByRole("button", { name: "Provision" }).click();
    await page.getByText("The API key is shown once.").waitFor();
    const doomedKey = (await page.locator("#api-key").textContent())!.trim();
    expect(await apiStatus("/v1/me", doomedKey)).toBe(200);
    await page.getByRole("link", { name: "View provision" }).click();
    await expectAccessible(page, "provision detail");
    await page.getByRole("link", { name: "Cancel provision" }).click();
    await page.getByRole("button", { name: "Yes, cancel provision" }).click();
    await page.getByText("Provision cancelled. Its key no longer works.").waitFor();
    expect(await apiStatus("/v1/me", doomedKey)).toBe(401);

    // Invite, beside "Provision new user": a single-use link to join as a member.
    await page.goto(`${t.baseUrl}/orgs/${org.organizationId}/team`);
    await page.getByRole("link", { name: "Invite", exact: true }).click();
    await expectAccessible(page, "invite form");
    await page.getByRole("button", { name: "Create invitation" }).click();
    await page.getByText("The link is shown once.").waitFor();
    expect((await page.locator("#invite-url").textContent())!.trim()).toContain("/invite/");

    await page.goto(`${t.baseUrl}/orgs/${org.organizationId}/team`);
    await page.screenshot({ path: `${SCREENSHOTS}/team-page.png`, fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: `${SCREENSHOTS}/team-page-phone.png`, fullPage: true });

    // The newcomer is a member of Hooli? No: an admin. A plain member cannot reach admin pages.
    const member = await t.browser.newContext({ bypassCSP: true });
    const memberPage = await member.newPage();
    await memberPage.goto(`${t.baseUrl}/signup`);
    await memberPage.getByLabel("Name").fill("Jared Dunn");
    await memberPage.getByLabel("Email").fill("jared@hooli.example");
    await memberPage.getByLabel("Password").fill(PASSWORD);
    await memberPage.getByRole("button", { name: "Sign up" }).click();
    await memberPage.waitForURL("**/account");
    const user = await t.db.selectFrom("users").select("id").where("email", "=", "jared@hooli.example").executeTakeFirstOrThrow();
    await t.db.insertInto("memberships").values({ organization_id: org.organizationId, user_id: user.id, role: "member", created_at: new Date() }).execute();
    await memberPage.reload();
    expect(await memberPage.getByRole("link", { name: "Team" }).count()).toBe(0);
    const denied = await memberPage.goto(`${t.baseUrl}/orgs/${org.organizationId}/team`);
    expect(denied?.status()).toBe(403);
    await expectAccessible(memberPage, "403 page");

    await owner.close();
    await newcomer.close();
    await member.close();
  });

  it("the login and sign-up pages pass the accessibility check", async () => {
    const context = await t.browser.newContext({ bypassCSP: true });
    const page = await context.newPage();
    for (const path of ["/login", "/signup"]) {
      await page.goto(`${t.baseUrl}${path}`);
      await expectAccessible(page, path);
    }
    await context.close();
  });
});
