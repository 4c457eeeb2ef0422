import { mkdirSync } from "node:fs";
import type { BrowserContext as PwContext, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { expectAccessible } from "./a11y.js";
import { SCREENSHOTS, useBrowserTest } from "./support.js";

const t = useBrowserTest();
mkdirSync(SCREENSHOTS, { recursive: true });
const PASSWORD = "correct horse battery";

async function signUp(context: PwContext, name: string, email: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${t.baseUrl}/signup`);
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign up" }).click();
  await page.waitForURL("**/account");
  return page;
}

async function userIdOf(email: string) {
  return (await t.db.selectFrom("users").select("id").where("email", "=", email).executeTakeFirstOrThrow()).id;
}

async function join(organizationId: string, userId: string, state: "active" | "awaiting_confirmation") {
  await t.db.insertInto("memberships").values({ organization_id: organizationId, user_id: userId, role: "member", state, created_at: new Date(), joined_at: new Date() }).execute();
}

const shot = (page: Page, name: string) => page.screenshot({ path: `${SCREENSHOTS}/${name}.png`, fullPage: true });

describe("People, Groups and Policy in a real browser", () => {
  it("a newcomer creates an organization; suspends → reactivates → deletes a member; a waiting member sees why; groups and policy", async () => {
    const owner = await t.browser.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true });
    const page = await signUp(owner, "Olga Owner", "olga@acme.example");

    // No organization yet: create one from the account page.
    await page.getByText("You do not belong to an organization yet").waitFor();
    await expectAccessible(page, "account without organization");
    await shot(page, "create-organization");
    await page.getByLabel("Organization name").fill("Acme");
    await page.getByRole("button", { name: "Create organization" }).click();
    await page.waitForURL("**/people?notice=welcome");
    const organizationId = new URL(page.url()).pathname.split("/")[2]!;

    // Two more people: Dana (active) and Walt (awaiting confirmation, in a browser of his own).
    const dana = await t.browser.newContext({ bypassCSP: true });
    await (await signUp(dana, "Dana Departing", "dana@acme.example")).close();
    await join(organizationId, await userIdOf("dana@acme.example"), "active");
    const walt = await t.browser.newContext({ viewport: { width: 390, height: 844 }, bypassCSP: true });
    const waltPage = await signUp(walt, "Walt Waiting", "walt@acme.example");
    await join(organizationId, await userIdOf("walt@acme.example"), "awaiting_confirmation");

    // Walt sees that he awaits confirmation, and what to do.
    await waltPage.goto(`${t.baseUrl}/orgs/${organizationId}/people`);
    await waltPage.getByRole("heading", { name: "Your membership awaits confirmation" }).waitFor();
    await expectAccessible(waltPage, "awaiting confirmation");
    await shot(waltPage, "awaiting-confirmation-phone");
    await waltPage.goto(`${t.baseUrl}/account`);
    await waltPage.getByText("Ask them to confirm you").waitFor();

    // People: filter, then suspend Dana with her devices working one more hour.
    await page.goto(`${t.baseUrl}/orgs/${organizationId}/people`);
    await expectAccessible(page, "people");
    await shot(page, "people");
    await page.getByLabel("State").selectOption("awaiting_confirmation");
    await page.getByRole("button", { name: "Filter" }).click();
    await expect.poll(() => page.locator("tbody tr").count()).toBe(1);
    await page.goto(`${t.baseUrl}/orgs/${organizationId}/people`);
    const danaRow = page.locator("tr", { hasText: "Dana Departing" });
    await danaRow.getByLabel("When Dana Departing's devices stop working").selectOption("3600");
    await danaRow.getByRole("button", { name: "Suspend" }).click();
    await page.getByText("Suspended. They cannot act").waitFor();
    await expect.poll(() => page.locator("tr", { hasText: "Dana Departing" }).textContent()).toContain("devices stop");
    await expectAccessible(page, "people after suspend");
    await shot(page, "people-suspended");

    // Reactivate, suspend again (devices now), then delete with her projects transferred to the owner.
    await page.locator("tr", { hasText: "Dana Departing" }).getByRole("button", { name: "Reactivate" }).click();
    await page.getByText("Reactivated.").waitFor();
    await page.locator("tr", { hasText: "Dana Departing" }).getByRole("button", { name: "Suspend" }).click();
    await page.getByText("Suspended. They cannot act").waitFor();
    await page.locator("tr", { hasText: "Dana Departing" }).getByRole("link", { name: "Delete…" }).click();
    await page.getByRole("heading", { name: "Delete Dana Departing?" }).waitFor();
    await expectAccessible(page, "delete confirmation");
    await shot(page, "delete-member");
    await page.getByLabel("Transfer them to a member").check();
    await page.getByLabel("Member who receives them").selectOption({ label: "Olga Owner (olga@acme.example)" });
    await page.getByRole("button", { name: "Delete Dana Departing" }).click();
    await page.getByText("Deleted from this organization.").waitFor();
    expect(await page.locator("tr", { hasText: "Dana Departing" }).count()).toBe(0);

    // Confirm Walt, who then opens the People page... without a permission: refused with a reason.
    await page.locator("tr", { hasText: "Walt Waiting" }).getByRole("button", { name: "Confirm" }).click();
    await page.getByText("Confirmed.").waitFor();
    await waltPage.goto(`${t.baseUrl}/orgs/${organizationId}/people`);
    await waltPage.getByRole("heading", { name: "You do not have permission for this" }).waitFor();

    // Groups: create one, add Walt to it.
    await page.getByRole("link", { name: "Groups" }).click();
    await expectAccessible(page, "groups");
    await page.getByLabel("Name").fill("Confirmers");
    await page.getByLabel("Confirm people").check();
    await page.getByRole("button", { name: "Create group" }).click();
    await page.getByText("Group created.").waitFor();
    await page.getByLabel("Person to add").selectOption({ label: "Walt Waiting" });
    await page.getByRole("button", { name: "Add to group" }).click();
    await page.getByText("Added to the group.").waitFor();
    await expectAccessible(page, "group");
    await shot(page, "group");
    await waltPage.goto(`${t.baseUrl}/orgs/${organizationId}/people`);
    await waltPage.getByRole("heading", { name: "People" }).waitFor();

    // Policy.
    await page.getByRole("link", { name: "Policy" }).click();
    await page.getByLabel("New members wait for an admin to confirm them").check();
    await page.getByLabel("Delete suspended people after (days)").fill("30");
    await page.getByRole("button", { name: "Save policy" }).click();
    await page.getByText("Saved.").waitFor();
    await expectAccessible(page, "policy");
    await shot(page, "policy");
    const org = await t.db.selectFrom("organizations").selectAll().where("id", "=", organizationId).executeTakeFirstOrThrow();
    expect([org.confirmation_required, org.auto_delete_suspended_after_days]).toEqual([true, 30]);

    await Promise.all([owner.close(), dana.close(), walt.close()]);
  }, 120_000);
});
