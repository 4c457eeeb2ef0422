import { TestBrowser } from "./browser.js";
import { person } from "./claims.js";
import type { TestContext } from "./context.js";
import { org } from "./factories.js";

/** An organization with a logged-in owner (and its admin key), the starting point of dashboard tests. */
export async function orgWithOwner(ctx: TestContext, role: "owner" | "admin" | "member" = "owner") {
  const o = await org(ctx, `Org ${Math.random().toString(36).slice(2, 7)}`);
  const who = await person(ctx, "Olivia Owner");
  await ctx.db.insertInto("memberships").values({ organization_id: o.organizationId, user_id: who.userId, role, created_at: ctx.clock.now() }).execute();
  return { ...o, ...who, browser: who.browser as TestBrowser };
}

export function field(html: string, id: string): string {
  const m = new RegExp(`id="${id}">([^<]*)<`).exec(html);
  if (!m) throw new Error(`no #${id} on the page`);
  return m[1]!;
}
