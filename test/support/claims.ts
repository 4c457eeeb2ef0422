import { signClaimToken } from "../../src/domain/claim-token.js";
import { TestBrowser } from "./browser.js";
import { SIGNING, type TestContext } from "./context.js";

let counter = 0;

/** A logged-in person with a fresh account (unique email) in their own browser. */
export async function person(ctx: TestContext, name = "Person") {
  const email = `person${Date.now().toString(36)}${counter++}@example.com`;
  const browser = new TestBrowser(ctx);
  const res = await browser.signUp(name, email);
  if (res.status !== 303) throw new Error(`sign-up failed: ${res.status} ${res.html.slice(0, 500)}`);
  const user = await ctx.db.selectFrom("users").select(["id"]).where("email", "=", email).executeTakeFirstOrThrow();
  return { browser, email, userId: user.id };
}

/** A correctly signed token for a provision id that does not exist. */
export function tokenForUnknownProvision(ctx: TestContext) {
  return signClaimToken(
    { provisionId: "prv_doesnotexist000000000", nonce: "n", expiresAt: new Date(ctx.clock.now().getTime() + 3600_000) },
    SIGNING[0]!,
  );
}

export const tokenOf = (claimUrl: string) => claimUrl.split("/claim/")[1]!;

/** Flips one character of the signature: the link looks right but was tampered with. */
export function tamper(token: string) {
  const last = token.at(-1)!;
  return token.slice(0, -1) + (last === "A" ? "B" : "A");
}
