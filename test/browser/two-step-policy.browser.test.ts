import { mkdirSync } from "node:fs";
import type { BrowserContext as PwContext } from "playwright-core";
import { describe, expect, it } from "vitest";
import { totpCode } from "../../src/domain/two-step.js";
import { TestClock } from "../support/clock.js";
import { expectAccessible } from "./a11y.js";
import { signUpIn, useBrowserTest } from "./support.js";

// The server acts by a test clock, so the codes typed below are the ones it expects, and the login's
// code can be a later time step than the enrolment's (each step is accepted once) without waiting.
const clock = new TestClock(new Date());
const t = useBrowserTest({}, { clock });
const ARTIFACTS = "test/artifacts";
mkdirSync(ARTIFACTS, { recursive: true });
const PASSWORD = "correct horse battery";

const signUp = (context: PwContext, name: string, email: string) => signUpIn(t, context, { name, email, password: PASSWORD });

describe("requireTwoStep in a real browser", () => {
  it("an owner requires it of admins; an admin without it is sent to enrol, enrols from the page, reaches People, then logs in with a code", async () => {
    const owner = await t.browser.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true });
    const ownerPage = await signUp(owner, "Olga Owner", "olga@twostep.example");
    await ownerPage.getByLabel("Organization name").fill("Acme Secure");
    await ownerPage.getByRole("button", { name: "Create organization" }).click();
    await ownerPage.waitForURL("**/people?notice=welcome");
    const organizationId = new URL(ownerPage.url()).pathname.split("/")[2]!;

    // Ada is an admin of Acme, without two-step login.
    const ada = await t.browser.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true });
    const adaPage = await signUp(ada, "Ada Admin", "ada@twostep.example");
    const adaId = (await t.db.selectFrom("users").select("id").where("email", "=", "ada@twostep.example").executeTakeFirstOrThrow()).id;
    await t.db.insertInto("memberships").values({ organization_id: organizationId, user_id: adaId, role: "admin", state: "active", created_at: new Date(), joined_at: new Date() }).execute();

    // The owner requires two-step login of owners and admins on the Policy page.
    await ownerPage.goto(`${t.baseUrl}/orgs/${organizationId}/policy`);
    await ownerPage.getByLabel("Require two-step login").selectOption("admins");
    await expectAccessible(ownerPage, "policy page");
    await ownerPage.screenshot({ path: `${ARTIFACTS}/two-step-policy.png`, fullPage: true });
    await ownerPage.getByRole("button", { name: "Save policy" }).click();
    // The owner is covered too: the saved policy sends them to enrol at once.
    await ownerPage.getByRole("heading", { name: "Turn on two-step login to continue" }).waitFor();
    const row = await t.db.selectFrom("organizations").select("require_two_step").where("id", "=", organizationId).executeTakeFirstOrThrow();
    expect(row.require_two_step).toBe("admins");

    // Ada opens People: the organization requires two-step login, with the way to turn it on.
    await adaPage.goto(`${t.baseUrl}/orgs/${organizationId}/people`);
    await adaPage.getByRole("heading", { name: "Turn on two-step login to continue" }).waitFor();
    await adaPage.getByText("Acme Secure requires two-step login for its owners and admins").waitFor();
    await expectAccessible(adaPage, "two-step required");
    await adaPage.screenshot({ path: `${ARTIFACTS}/two-step-required.png`, fullPage: true });
    await adaPage.getByRole("button", { name: "Turn on two-step login" }).click();
    await adaPage.waitForURL("**/account/two-step?next=*");

    // The enrolment page: a QR code drawn as SVG, and the key to type; an authenticator computes the code.
    await adaPage.getByRole("img", { name: "QR code for your authenticator app" }).waitFor();
    const secret = (await adaPage.locator("[data-totp-secret]").textContent())!.trim();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    await expectAccessible(adaPage, "enrol page");
    await adaPage.screenshot({ path: `${ARTIFACTS}/two-step-enrol.png`, fullPage: true });
    await adaPage.getByRole("textbox", { name: "Code" }).fill(totpCode(secret, clock.now()));
    await adaPage.getByRole("button", { name: "Turn on" }).click();
    await adaPage.getByRole("heading", { name: "Two-step login is on" }).waitFor();
    expect(await adaPage.locator("[data-recovery-codes] li").count()).toBe(10);
    await expectAccessible(adaPage, "recovery codes");
    await adaPage.getByRole("link", { name: "I saved them: continue" }).click();
    await adaPage.waitForURL(`**/orgs/${organizationId}/people`);
    await adaPage.getByRole("heading", { name: "People" }).waitFor();
    await adaPage.getByText("Olga Owner").first().waitFor();

    // Later, from another browser: the password, then a code of a later time step, then the People page.
    clock.advance(90_000);
    const again = await t.browser.newContext({ bypassCSP: true });
    const login = await again.newPage();
    await login.goto(`${t.baseUrl}/login?next=${encodeURIComponent(`/orgs/${organizationId}/people`)}`);
    await login.getByLabel("Email").fill("ada@twostep.example");
    await login.getByLabel("Password").fill(PASSWORD);
    await login.getByRole("button", { name: "Log in" }).click();
    await login.waitForURL("**/login/two-step*");
    await login.getByRole("heading", { name: "Enter your code" }).waitFor();
    await login.getByRole("textbox", { name: "Code" }).fill(totpCode(secret, clock.now()));
    await login.getByRole("button", { name: "Log in" }).click();
    await login.waitForURL(`**/orgs/${organizationId}/people`);
    await login.getByRole("heading", { name: "People" }).waitFor();

    const events = await t.db.selectFrom("audit_events").select("action").where("organization_id", "=", organizationId).where("action", "in", ["policy.updated", "two_step.enabled"]).execute();
    expect(events.map((e) => e.action).sort()).toEqual(["policy.updated", "two_step.enabled"]);
    await Promise.all([owner.close(), ada.close(), again.close()]);
  });
});
