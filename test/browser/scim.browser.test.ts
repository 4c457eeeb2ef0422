import { mkdirSync } from "node:fs";
import type { BrowserContext as PwContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectAccessible } from "./a11y.js";
import { signUpIn, useBrowserTest } from "./support.js";

/**
 * The SCIM page in a real Chromium, as an owner uses it: a token created (shown once) and revoked, and
 * the choice for people without an account switched to invitations — each state passes axe, and the
 * page is saved as test/artifacts/scim-page.png to look at.
 */
const t = useBrowserTest();
const ARTIFACTS = "test/artifacts";
mkdirSync(ARTIFACTS, { recursive: true });

let context: PwContext;
let page: Page;
let organizationId: string;

beforeAll(async () => {
  context = await t.browser.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true });
  page = await signUpIn(t, context, { name: "Sam Scim", email: `sam${Date.now()}@scim.example`, password: "correct horse battery" });
  await page.getByLabel("Organization name").fill("Scimly");
  await page.getByRole("button", { name: "Create organization" }).click();
  await page.waitForURL("**/people?notice=welcome");
  organizationId = new URL(page.url()).pathname.split("/")[2]!;
}, 60_000);
afterAll(async () => {
  await context?.close();
});

describe("the SCIM page in Chromium", () => {
  it("creates and revokes a token, and switches new people to invitations; accessible throughout", async () => {
    await page.goto(`${t.baseUrl}/orgs/${organizationId}/scim`);
    await expectAccessible(page, "scim page");
    expect(await page.getByRole("radio", { name: /Provision an account/ }).isChecked()).toBe(true);

    await page.getByLabel("New token's name").fill("Okta");
    await page.getByRole("button", { name: "Create token" }).click();
    await page.getByRole("heading", { name: "Token created" }).waitFor();
    const token = (await page.locator("#scim-token").textContent())!.trim();
    const base = (await page.locator("#scim-url").textContent())!.trim();
    await expectAccessible(page, "scim token created");
    expect((await fetch(`${base}/Users`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);

    await page.getByRole("radio", { name: /Send an invitation/ }).check();
    await page.getByRole("button", { name: "Save" }).click();
    await page.getByText("Saved: people the identity provider creates").waitFor();
    expect(await page.getByRole("radio", { name: /Send an invitation/ }).isChecked()).toBe(true);
    const org = await t.db.selectFrom("organizations").select("scim_new_people").where("id", "=", organizationId).executeTakeFirstOrThrow();
    expect(org.scim_new_people).toBe("invitation");
    await expectAccessible(page, "scim setting saved");
    // What SCIM now does for a new address: an invitation, not a provision.
    const created = await fetch(`${base}/Users`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/scim+json" },
      body: JSON.stringify({ schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"], userName: "newbie@scim.example" }),
    });
    expect(created.status).toBe(201);
    const invitation = await t.db.selectFrom("invitations").select("email").where("organization_id", "=", organizationId).executeTakeFirstOrThrow();
    expect(invitation.email).toBe("newbie@scim.example");

    await page.getByRole("button", { name: "Revoke Okta" }).click();
    await page.getByText("Token revoked").waitFor();
    await expectAccessible(page, "scim token revoked");
    await page.screenshot({ path: `${ARTIFACTS}/scim-page.png`, fullPage: true });
    expect((await fetch(`${base}/Users`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(401);
  });
});
