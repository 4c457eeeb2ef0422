import { describe, expect, it } from "vitest";
import { checkVerification, linkProofHolds, signLinkProof, signVerification } from "../../src/domain/address-proof.js";

const K1 = { id: "k1", secret: "first-signing-secret-0123456789abcdef" };
const K2 = { id: "k2", secret: "second-signing-secret-0123456789abcdef" };
const now = new Date("2026-11-30T12:00:00.000Z");

describe("address proofs", () => {
  it("a mailed link's proof holds for its provision and address only, whatever the address's case", async () => {
    const proof = await signLinkProof("provision", "prv_1", "Ada@Example.com", K1);
    expect(await linkProofHolds(proof, "provision", "prv_1", "ada@example.com", [K2, K1])).toBe(true);
    expect(await linkProofHolds(proof, "provision", "prv_2", "ada@example.com", [K1])).toBe(false);
    expect(await linkProofHolds(proof, "invitation", "prv_1", "ada@example.com", [K1])).toBe(false);
    expect(await linkProofHolds(proof, "provision", "prv_1", "eve@example.com", [K1])).toBe(false);
    expect(await linkProofHolds(proof, "provision", "prv_1", "ada@example.com", [K2])).toBe(false);
    expect(await linkProofHolds(`${proof}x`, "provision", "prv_1", "ada@example.com", [K1])).toBe(false);
    expect(await linkProofHolds(undefined, "provision", "prv_1", "ada@example.com", [K1])).toBe(false);
  });

  it("a verification token holds for the account's address until it expires", async () => {
    const token = await signVerification("usr_1", "ada@example.com", now, K1);
    expect(await checkVerification(token, "ada@example.com", now, [K1])).toBe("ok");
    expect(await checkVerification(token, "new@example.com", now, [K1])).toBe("invalid");
    expect(await checkVerification(token.replace("usr_1", "usr_2"), "ada@example.com", now, [K1])).toBe("invalid");
    expect(await checkVerification(token, "ada@example.com", new Date(now.getTime() + 8 * 24 * 3600_000), [K1])).toBe("expired");
    expect(await checkVerification("nonsense", "ada@example.com", now, [K1])).toBe("invalid");
  });
});
