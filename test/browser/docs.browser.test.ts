// Finding 7: /docs renders the API reference from Handoff's own files: no CSP violation, and no
// request leaves the server (it works offline).
import { mkdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { SCREENSHOTS, useBrowserTest } from "./support.js";

const t = useBrowserTest();
mkdirSync(SCREENSHOTS, { recursive: true });

describe("/docs in a real browser", () => {
  it("renders every operation with no CSP violation and no external request", async () => {
    const context = await t.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const requests: string[] = [];
    const violations: string[] = [];
    page.on("request", (r) => requests.push(r.url()));
    page.on("console", (m) => {
      if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text());
    });
    await page.addInitScript(() => {
      document.addEventListener("securitypolicyviolation", (e) => console.error(`Refused to: CSP ${e.violatedDirective} ${e.blockedURI}`));
    });
    const res = await page.goto(`${t.baseUrl}/docs`);
    expect(res?.status()).toBe(200);
    await page.getByText("Handoff API", { exact: false }).first().waitFor();
    await page.locator(".opblock").first().waitFor();
    expect(await page.locator(".opblock").count()).toBeGreaterThan(10);
    await page.locator(".opblock-summary").first().click();
    await page.screenshot({ path: `${SCREENSHOTS}/docs.png`, fullPage: false });
    expect(violations).toEqual([]);
    expect(requests.filter((u) => !u.startsWith(t.baseUrl) && !u.startsWith("data:"))).toEqual([]);
    await context.close();
  });
});
