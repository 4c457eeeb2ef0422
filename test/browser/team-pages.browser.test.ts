import { mkdirSync, readFileSync } from "node:fs";
import type { BrowserContext as PwContext, Page } from "playwright-core";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { totpCode } from "../../src/domain/two-step.js";
import { mailEnv, useMailbox } from "../support/smtp.js";
import { signatureHeaders, startReceiver } from "../support/webhook-receiver.js";
import { expectAccessible } from "./a11y.js";
import { useBrowserTest } from "./support.js";

/**
 * Every team page added with the audit, webhook, report, machine-access and SCIM issues, and the
 * account's two-step enrolment and address verification, used by an owner in a real Chromium: each page
 * passes axe, every link on it answers 200, every button does what it says (checked from outside:
 * the receiver, the API, the mailbox), and each is saved as a screenshot to look at.
 */
const mailbox = useMailbox();
const t = useBrowserTest(() => ({ ...mailEnv(mailbox)(), WEBHOOK_ALLOW_PRIVATE_TARGETS: "true" }));
const PAGES = "test/artifacts/pages";
mkdirSync(PAGES, { recursive: true });
const PASSWORD = "correct horse battery";
const OWNER = "olga@hooli.example";

let receiver: Awaited<ReturnType<typeof startReceiver>>;
let context: PwContext;
let page: Page;
let organizationId: string;
const checkedLinks = new Set<string>();

beforeAll(async () => {
  receiver = await startReceiver();
});
afterAll(async () => {
  await context?.close();
  await receiver?.close();
});

/** axe, a screenshot, and every same-origin link of the page followed (with the page's cookies): no dead end. */
async function look(name: string) {
  await expectAccessible(page, name);
  await page.screenshot({ path: `${PAGES}/${name}.png`, fullPage: true });
  const hrefs = await page.locator("a[href]").evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).href));
  for (const href of hrefs) {
    const url = new URL(href);
    if (url.origin !== t.baseUrl || checkedLinks.has(href)) continue;
    checkedLinks.add(href);
    const res = await context.request.get(href);
    expect(res.status(), `${name}: link ${url.pathname}${url.search}`).toBe(200);
  }
}

const team = (path: string) => `${t.baseUrl}/orgs/${organizationId}/${path}`;
const navTo = async (label: string) => {
  await page.getByRole("navigation", { name: "Team" }).getByRole("link", { name: label, exact: true }).click();
  await page.waitForLoadState();
};
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** Clicks a link that downloads and answers the file's name and text. */
async function download(linkName: string) {
  const [file] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: linkName }).click()]);
  const path = await file.path();
  return { name: file.suggestedFilename(), text: readFileSync(path!, "utf8") };
}

describe("the team pages in a real browser", () => {
  beforeAll(async () => {
    context = await t.browser.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true, acceptDownloads: true });
    page = await context.newPage();
    await page.goto(`${t.baseUrl}/signup`);
    await page.getByLabel("Name", { exact: true }).fill("Olga Owner");
    await page.getByLabel("Email").fill(OWNER);
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Sign up" }).click();
    await page.waitForURL("**/account");
    await page.getByLabel("Organization name").fill("Hooli");
    await page.getByRole("button", { name: "Create organization" }).click();
    await page.waitForURL("**/people?notice=welcome");
    organizationId = new URL(page.url()).pathname.split("/")[2]!;
  }, 60_000);

  it("account: the address is pending; the mailed link opens a page whose button verifies it", async () => {
    await page.goto(`${t.baseUrl}/account`);
    await page.getByRole("heading", { name: "Verify your email address" }).waitFor();
    await look("account-address-pending");
    const verification = () => mailbox.to(OWNER).find((m) => /verify/i.test(m.subject));
    await expect.poll(() => verification()).toBeTruthy();
    const link = mailbox.linkIn(verification()!);
    expect(link, JSON.stringify(mailbox.to(OWNER).map((m) => [m.subject, m.text]))).toMatch(new RegExp(`^${t.baseUrl}/verify-email/`));

    await page.goto(link);
    await look("verify-email");
    await page.getByRole("button", { name: "Verify my address" }).click();
    await page.getByRole("heading", { name: "Address verified" }).waitFor();
    await look("verify-email-done");
    await page.getByRole("link", { name: "Go to your account" }).click();
    await page.waitForURL("**/account");
    expect(await page.locator("[data-address-pending]").count()).toBe(0);

    // Followed again, the spent link says so on a page of its own (not a 500).
    await page.goto(link);
    await page.getByRole("button", { name: "Verify my address" }).click();
    await expectAccessible(page, "verify-email spent");
    expect(await page.locator("main").textContent()).not.toContain("Internal");
  });

  it("account: two-step enrolment shows a QR code and key; a wrong code is refused; the right one shows recovery codes", async () => {
    await page.goto(`${t.baseUrl}/account`);
    await page.getByRole("button", { name: "Turn on two-step login" }).click();
    await page.waitForURL("**/account/two-step");
    expect(await page.locator(".qr svg").count()).toBe(1);
    await look("two-step-enrol");
    const secret = (await page.locator("[data-totp-secret]").textContent())!.trim();
    const right = totpCode(secret, new Date());
    await page.getByLabel("Code", { exact: true }).fill(right === "000000" ? "111111" : "000000");
    await page.getByRole("button", { name: "Turn on" }).click();
    await page.getByRole("alert").or(page.locator(".alert")).first().waitFor();
    await look("two-step-enrol-wrong-code");
    await page.getByLabel("Code", { exact: true }).fill(totpCode(secret, new Date()));
    await page.getByRole("button", { name: "Turn on" }).click();
    await page.getByRole("heading", { name: "Two-step login is on" }).waitFor();
    expect(await page.locator("[data-recovery-codes] li").count()).toBe(10);
    await look("two-step-recovery-codes");
    await page.getByRole("link", { name: "Back to your account" }).click();
    await page.waitForURL("**/account");
    expect(await page.locator('[data-two-step="on"]').count()).toBe(1);
    await look("account-two-step-on");
  });

  it("Webhooks: add an endpoint (secret once), send a test event the receiver verifies, retry, rotate (both secrets sign), disable, enable, delete", async () => {
    await page.goto(team("people"));
    await navTo("Webhooks");
    await page.getByText("No endpoint yet.").waitFor();
    await look("webhooks-empty");

    // A wrong event type is refused with the form kept and the reason.
    await page.getByLabel("URL").fill(receiver.url);
    await page.getByLabel(/^Events/).fill("member.nonsense");
    await page.getByRole("button", { name: "Add endpoint" }).click();
    await page.getByText("member.nonsense is not an event type of the catalogue.").waitFor();
    expect(await page.getByLabel("URL").inputValue()).toBe(receiver.url);
    await look("webhooks-add-refused");

    await page.getByLabel(/^Events/).fill("*");
    await page.getByLabel("Description").fill("SIEM");
    await page.getByRole("button", { name: "Add endpoint" }).click();
    await page.getByRole("heading", { name: "Endpoint added" }).waitFor();
    const secret = (await page.locator("#webhook-secret").textContent())!.trim();
    expect(secret).toMatch(/^whsec_/);
    await look("webhook-secret");
    await page.getByRole("link", { name: "Go to the endpoint" }).click();
    await page.waitForURL(/\/webhooks\/whe_|\/webhooks\/[a-z]+_/);
    const endpointUrl = page.url();

    // Send test event: delivered, and the library verifies it with the secret shown.
    const before = receiver.received.length;
    await page.getByRole("button", { name: "Send test event" }).click();
    await page.getByText("Test event queued").waitFor();
    await expect.poll(() => receiver.received.length).toBeGreaterThan(before);
    const test = receiver.received.at(-1)!;
    const payload = new Webhook(secret).verify(test.body, signatureHeaders(test)) as { type: string };
    expect(payload.type).toBe("webhook.tested");
    await page.reload();
    const row = page.locator("tr", { hasText: "webhook.tested" }).first();
    await expect.poll(() => row.textContent()).toContain("sent");
    await look("webhook-deliveries");

    // Retry: the same webhook-id again.
    await row.getByRole("button", { name: "Retry" }).click();
    await page.getByText("Delivery queued again").waitFor();
    await expect.poll(() => receiver.received.filter((r) => r.headers["webhook-id"] === test.headers["webhook-id"]).length).toBe(2);
    await look("webhook-retried");

    // Rotate: the new secret is shown once, and during the overlap both secrets verify a delivery.
    await page.getByRole("button", { name: "Rotate secret" }).click();
    await page.getByRole("heading", { name: "New signing secret" }).waitFor();
    const rotated = (await page.locator("#webhook-secret").textContent())!.trim();
    expect(rotated).not.toBe(secret);
    await look("webhook-secret-rotated");
    await page.getByRole("link", { name: "Go to the endpoint" }).click();
    const count = receiver.received.length;
    await page.getByRole("button", { name: "Send test event" }).click();
    await page.getByText("Test event queued").waitFor();
    await expect.poll(() => receiver.received.length).toBeGreaterThan(count);
    const after = receiver.received.at(-1)!;
    expect(String(after.headers["webhook-signature"]).split(" ")).toHaveLength(2);
    expect(() => new Webhook(rotated).verify(after.body, signatureHeaders(after))).not.toThrow();
    expect(() => new Webhook(secret).verify(after.body, signatureHeaders(after))).not.toThrow();

    // Disable: nothing is sent; the page says so; Enable brings it back.
    await page.getByRole("button", { name: "Disable" }).click();
    await page.getByText("Disabled: nothing is sent to it").waitFor();
    expect(await page.getByRole("button", { name: "Send test event" }).count()).toBe(0);
    await look("webhook-disabled");
    await page.getByRole("button", { name: "Enable" }).click();
    await page.getByText("Enabled.").waitFor();

    // The list shows it; Delete removes it.
    await navTo("Webhooks");
    await page.getByRole("link", { name: receiver.url }).waitFor();
    await look("webhooks-list");
    await page.goto(endpointUrl);
    await page.getByRole("button", { name: "Delete" }).click();
    await page.getByText("Endpoint deleted.").waitFor();
    await page.getByText("No endpoint yet.").waitFor();
    expect((await context.request.get(endpointUrl)).status()).toBe(404);
  });

  it("Activity: the trail with its filters, and both downloads arrive whole", async () => {
    await page.goto(team("people"));
    await navTo("Activity");
    await page.locator("tr", { hasText: "webhook.created" }).first().waitFor();
    // People are named (the id stays beside): in the table and in the alert of the new owner.
    expect(await page.locator("tr", { hasText: "webhook.created" }).first().textContent()).toContain("Olga Owner <olga@hooli.example>");
    expect(await page.locator("#alerts ~ .alert, section[aria-labelledby=alerts] .alert").first().textContent()).toMatch(/Member Olga Owner <olga@hooli.example> \(usr_\w+\) became an owner/);
    await look("activity");

    await page.getByLabel("Event").selectOption("webhook.created");
    await page.getByRole("button", { name: "Filter" }).click();
    await page.waitForURL(/action=webhook.created/);
    const actions = await page.locator("tbody tr td:nth-child(2)").allTextContents();
    expect(actions.length).toBeGreaterThan(0);
    expect(new Set(actions)).toEqual(new Set(["webhook.created"]));
    await look("activity-filtered");

    const csv = await download("Export CSV");
    expect(csv.name).toMatch(/^audit-org_.*\.csv$/);
    const lines = csv.text.trim().split(/\r?\n/);
    expect(lines[0]).toContain("action");
    expect(lines.slice(1).every((l) => l.includes("webhook.created"))).toBe(true);
    expect(lines.length).toBe(actions.length + 1);

    await page.goto(team("activity"));
    const jsonl = await download("Export JSON lines");
    const events = jsonl.text.trim().split("\n").map((l) => JSON.parse(l) as { action: string });
    expect(events.map((e) => e.action)).toEqual(expect.arrayContaining(["webhook.created", "webhook.updated", "webhook.deleted", "organization.created"]));
    // Never a secret in the trail.
    expect(jsonl.text).not.toContain("whsec_");
  });

  it("API keys: create with scopes (shown once) that work within them; an alert mail reaches the owner; revoke", async () => {
    await page.goto(team("people"));
    await navTo("API keys");
    await look("api-keys");
    await page.getByLabel("Name", { exact: true }).fill("SIEM reader");
    await page.getByLabel("audit:read").check();
    await page.getByLabel("members:read").check();
    await page.getByRole("button", { name: "Create key" }).click();
    await page.getByRole("heading", { name: "API key created" }).waitFor();
    const key = (await page.locator("#api-key").textContent())!.trim();
    expect(key).toMatch(/^hnd_/);
    await look("api-key-created");
    expect((await fetch(`${t.baseUrl}/v1/team/audit-events`, { headers: bearer(key) })).status).toBe(200);
    expect((await fetch(`${t.baseUrl}/v1/team/provisions`, { headers: bearer(key) })).status).toBe(403);

    // No scope ticked: refused with the reason, not a 500.
    await page.getByRole("link", { name: "Back to API keys" }).click();
    await page.getByLabel("Name", { exact: true }).fill("Nothing");
    await page.getByRole("button", { name: "Create key" }).click();
    await page.getByText("Choose at least one scope").waitFor();
    await expectAccessible(page, "api-key without scope");
    await page.goBack();

    // A broad key alerts every owner by mail.
    const alerts = () => mailbox.to(OWNER).filter((m) => m.text.includes("organization_api_key.created") || /integrations:write/.test(m.text));
    expect(alerts()).toEqual([]);
    await page.goto(team("api-keys"));
    await page.getByLabel("Name", { exact: true }).fill("Automation");
    for (const s of ["members:write", "members:suspend", "integrations:write"]) await page.getByLabel(s).check();
    await page.getByRole("button", { name: "Create key" }).click();
    await page.getByRole("heading", { name: "API key created" }).waitFor();
    await expect.poll(() => alerts().length).toBe(1);

    await page.getByRole("link", { name: "Back to API keys" }).click();
    const row = page.locator("tr", { hasText: "SIEM reader" });
    await row.getByRole("button", { name: "Revoke" }).click();
    await page.getByText("Key revoked. It no longer works.").waitFor();
    await look("api-keys-revoked");
    expect((await fetch(`${t.baseUrl}/v1/team/audit-events`, { headers: bearer(key) })).status).toBe(401);
  });

  it("OAuth apps: create (secret once) whose client credentials get a token; disable, enable, delete", async () => {
    await page.goto(team("people"));
    await navTo("OAuth apps");
    await look("oauth-apps");
    await page.getByLabel("Name", { exact: true }).fill("SOAR");
    await page.getByLabel("members:read").check();
    await page.getByRole("button", { name: "Create app" }).click();
    await page.getByRole("heading", { name: "OAuth app created" }).waitFor();
    const clientSecret = (await page.locator("#api-key").textContent())!.trim();
    const clientId = (await page.locator("#client-id").textContent())!.trim();
    await look("oauth-app-created");
    const token = () =>
      fetch(`${t.baseUrl}/v1beta1/users/oauth2/token`, {
        method: "POST",
        headers: { authorization: `Basic ${btoa(`${clientId}:${clientSecret}`)}`, "content-type": "application/x-www-form-urlencoded", "user-agent": "test" },
        body: "grant_type=client_credentials",
      });
    const issued = await token();
    expect(issued.status).toBe(200);
    const { access_token } = (await issued.json()) as { access_token: string };
    const users = () => fetch(`${t.baseUrl}/v1/team/members`, { headers: bearer(access_token) });
    expect((await users()).status).toBe(200);

    await page.getByRole("link", { name: "Back to OAuth apps" }).click();
    const row = () => page.locator("tr", { hasText: "SOAR" });
    await row().getByRole("button", { name: "Disable" }).click();
    await page.getByText("App disabled.").waitFor();
    await look("oauth-app-disabled");
    // Its token stops at once; a new one is refused as RFC 6749 §5.2 says for a client not allowed the grant.
    expect((await users()).status).toBe(401);
    const refused = await token();
    expect([refused.status, ((await refused.json()) as { error: string }).error]).toEqual([400, "unauthorized_client"]);
    await row().getByRole("button", { name: "Enable" }).click();
    await page.getByText("App enabled.").waitFor();
    expect((await token()).status).toBe(200);
    await row().getByRole("button", { name: "Delete" }).click();
    await page.getByText("App deleted with its tokens.").waitFor();
    expect(await row().count()).toBe(0);
    expect((await token()).status).toBe(401);
  });

  it("SCIM: a token shown once works against /scim/v2 until revoked", async () => {
    await page.goto(team("people"));
    await navTo("SCIM");
    await look("scim");
    await page.getByLabel("New token's name").fill("Entra ID");
    await page.getByRole("button", { name: "Create token" }).click();
    await page.getByRole("heading", { name: "Token created" }).waitFor();
    const token = (await page.locator("#scim-token").textContent())!.trim();
    const base = (await page.locator("#scim-url").textContent())!.trim();
    await look("scim-token-created");
    expect((await fetch(`${base}/Users`, { headers: bearer(token) })).status).toBe(200);
    await page.getByRole("button", { name: "Revoke Entra ID" }).click();
    await page.getByText("Token revoked").waitFor();
    await look("scim-revoked");
    expect((await fetch(`${base}/Users`, { headers: bearer(token) })).status).toBe(401);
  });

  it("Reports: seats, the idle list with a one-click suspend, and the idle CSV", async () => {
    // Someone who never logged in since joining.
    const idle = await t.browser.newContext({ bypassCSP: true });
    const idlePage = await idle.newPage();
    await idlePage.goto(`${t.baseUrl}/signup`);
    await idlePage.getByLabel("Name", { exact: true }).fill("Ivan Idle");
    await idlePage.getByLabel("Email").fill("ivan@hooli.example");
    await idlePage.getByLabel("Password").fill(PASSWORD);
    await idlePage.getByRole("button", { name: "Sign up" }).click();
    await idlePage.waitForURL("**/account");
    await idle.close();
    const ivan = await t.db.selectFrom("users").select("id").where("email", "=", "ivan@hooli.example").executeTakeFirstOrThrow();
    const long = new Date(Date.now() - 90 * 86_400_000);
    await t.db.insertInto("memberships").values({ organization_id: organizationId, user_id: ivan.id, role: "member", state: "active", created_at: long, joined_at: long }).execute();
    await t.db.deleteFrom("sessions").where("user_id", "=", ivan.id).execute();

    await page.goto(team("people"));
    await navTo("Reports");
    await page.getByRole("heading", { name: "Seats" }).waitFor();
    const row = page.locator("tr", { hasText: "Ivan Idle" });
    await row.waitFor();
    await look("reports");

    const csv = await download("Export idle CSV");
    expect(csv.name).toBe("idle-30d.csv");
    expect(csv.text).toContain("ivan@hooli.example");

    await page.getByLabel("Days", { exact: true }).fill("7");
    await page.getByRole("button", { name: "Show" }).click();
    await page.waitForURL(/days=7/);
    await page.getByRole("heading", { name: "Not seen for 7 days" }).waitFor();

    await page.locator("tr", { hasText: "Ivan Idle" }).getByRole("button", { name: "Suspend" }).click();
    await page.getByText("Suspended. They cannot act in this organization any more.").waitFor();
    await look("reports-suspended");
    const state = await t.db.selectFrom("memberships").select("state").where("user_id", "=", ivan.id).executeTakeFirstOrThrow();
    expect(state.state).toBe("suspended");
  });
});
