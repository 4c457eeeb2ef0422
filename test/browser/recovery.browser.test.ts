import { mkdirSync } from "node:fs";
import type { BrowserContext as PwContext, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { mailEnv, useMailbox } from "../support/smtp.js";
import { expectAccessible } from "./a11y.js";
import { SCREENSHOTS, signUpIn, useBrowserTest } from "./support.js";

const box = useMailbox();
const t = useBrowserTest(mailEnv(box));
mkdirSync(SCREENSHOTS, { recursive: true });
const OLD_PASSWORD = "correct horse battery";
const NEW_PASSWORD = "a brand new passphrase";

const signUp = (context: PwContext, name: string, email: string) => signUpIn(t, context, { name, email, password: OLD_PASSWORD });

async function logIn(page: Page, email: string, password: string) {
  await page.goto(`${t.baseUrl}/login`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Log in" }).click();
}

const shot = (page: Page, name: string) => page.screenshot({ path: `${SCREENSHOTS}/${name}.png`, fullPage: true });

describe("account recovery in a real browser, with a real SMTP server", () => {
  it("Start recovery on the People page → the mailed link → a new password → the admin completes → login with the new password; the old one fails", async () => {
    const owner = await t.browser.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true });
    const page = await signUp(owner, "Olga Owner", "olga@recover.example");
    await page.getByLabel("Organization name").fill("Recover Co");
    await page.getByRole("button", { name: "Create organization" }).click();
    await page.waitForURL("**/people?notice=welcome");
    const organizationId = new URL(page.url()).pathname.split("/")[2]!;

    const rae = await t.browser.newContext({ viewport: { width: 390, height: 844 }, bypassCSP: true });
    const raePage = await signUp(rae, "Rae Recovering", "rae@recover.example");
    const raeId = (await t.db.selectFrom("users").select("id").where("email", "=", "rae@recover.example").executeTakeFirstOrThrow()).id;
    await t.db.insertInto("memberships").values({ organization_id: organizationId, user_id: raeId, role: "member", state: "active", created_at: new Date(), joined_at: new Date() }).execute();

    // The owner starts Rae's recovery from the People page.
    await page.goto(`${t.baseUrl}/orgs/${organizationId}/people`);
    const raeRow = () => page.locator(`tr[data-user-id="${raeId}"]`);
    await raeRow().getByRole("button", { name: "Start recovery" }).waitFor();
    await expectAccessible(page, "people with Start recovery");
    await shot(page, "recovery-people-start");
    await raeRow().getByRole("button", { name: "Start recovery" }).click();
    await page.getByText("Recovery started. A link to set a new password was mailed to them").waitFor();
    await expect.poll(() => raeRow().textContent()).toContain("waiting for them to set a new password");

    // Rae's session ended; the mail arrives at the SMTP server with the link.
    await raePage.goto(`${t.baseUrl}/account`);
    await raePage.waitForURL("**/login**");
    await expect.poll(() => box.to("rae@recover.example").filter((m) => m.subject.startsWith("Recover your")).length).toBe(1);
    const mail = box.to("rae@recover.example").find((m) => m.subject.startsWith("Recover your"))!;
    expect(mail.subject).toBe("Recover your Handoff account for Recover Co");
    const link = box.linkIn(mail);
    expect(link.startsWith(`${t.baseUrl}/recover/`)).toBe(true);

    // The old password no longer opens the account.
    await logIn(raePage, "rae@recover.example", OLD_PASSWORD);
    await raePage.getByText("started the recovery of your account").waitFor();

    // The link: a new password, typed twice.
    await raePage.goto(link);
    await raePage.getByRole("heading", { name: "Recover your account" }).waitFor();
    await expectAccessible(raePage, "recovery page");
    await shot(raePage, "recovery-page-phone");
    await raePage.getByLabel("New password", { exact: true }).fill(NEW_PASSWORD);
    await raePage.getByLabel("New password again").fill(NEW_PASSWORD);
    await raePage.getByRole("button", { name: "Set new password" }).click();
    await raePage.getByRole("heading", { name: "New password set" }).waitFor();
    await shot(raePage, "recovery-accepted-phone");

    // Until an admin completes, the new password waits.
    await logIn(raePage, "rae@recover.example", NEW_PASSWORD);
    await raePage.getByText("You can log in once an admin of Recover Co completes your recovery.").waitFor();

    // The owner completes from the People page.
    await page.goto(`${t.baseUrl}/orgs/${organizationId}/people`);
    await raeRow().getByRole("button", { name: "Complete recovery" }).waitFor();
    expect(await raeRow().getByRole("button", { name: "Cancel recovery" }).count()).toBe(1);
    await expectAccessible(page, "people with Complete recovery");
    await shot(page, "recovery-people-complete");
    await raeRow().getByRole("button", { name: "Complete recovery" }).click();
    await page.getByText("Recovery completed. They can log in with their new password.").waitFor();
    await expect.poll(() => raeRow().textContent()).toContain("Active");

    // The new password works; the old one does not.
    await logIn(raePage, "rae@recover.example", OLD_PASSWORD);
    await raePage.getByText("The email or password is not right.").waitFor();
    await logIn(raePage, "rae@recover.example", NEW_PASSWORD);
    await raePage.waitForURL("**/account");

    await Promise.all([owner.close(), rae.close()]);
  }, 120_000);
});
