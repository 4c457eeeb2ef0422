import { describe, expect, it } from "vitest";
import { open, seal } from "../../src/domain/sealed.js";

const SECRET = "sealing-secret-0123456789abcdefghij";
const CONTEXT = "idempotency:v1";
const plaintext = JSON.stringify({ apiKey: "hnd_example", claimUrl: "https://x/claim/abc", n: "é✓" });

describe("sealed boxes", () => {
  describe("happy", () => {
    it("round-trips text, including non-ASCII and the empty string", async () => {
      expect(await open(await seal(plaintext, SECRET, CONTEXT), SECRET, CONTEXT)).toBe(plaintext);
      expect(await open(await seal("", SECRET, CONTEXT), SECRET, CONTEXT)).toBe("");
    });

    it("uses a fresh IV: the same text seals differently each time", async () => {
      const a = await seal(plaintext, SECRET, CONTEXT);
      const b = await seal(plaintext, SECRET, CONTEXT);
      expect(a).not.toBe(b);
      expect(a.split(".")[0]).not.toBe(b.split(".")[0]);
      expect(a).toMatch(/^[\w-]{16}\.[\w-]+$/);
    });
  });

  describe("errors", () => {
    it.each(["", ".", "abc", "abc.", ".abc", "!!!.???"])("opens the malformed box %j as null", async (box) => {
      expect(await open(box, SECRET, CONTEXT)).toBeNull();
    });
  });

  describe("security", () => {
    it("never shows the plaintext in the box", async () => {
      const box = await seal(plaintext, SECRET, CONTEXT);
      expect(box).not.toContain("hnd_example");
      expect(Buffer.from(box.split(".")[1]!, "base64url").toString("latin1")).not.toContain("hnd_example");
    });

    it("opens as null with another secret or another context", async () => {
      const box = await seal(plaintext, SECRET, CONTEXT);
      expect(await open(box, SECRET + "x", CONTEXT)).toBeNull();
      expect(await open(box, SECRET, "other-context")).toBeNull();
    });

    it("opens as null once any byte of the IV or the ciphertext is altered", async () => {
      const box = await seal(plaintext, SECRET, CONTEXT);
      const [iv, data] = box.split(".") as [string, string];
      const flip = (s: string, i: number) => s.slice(0, i) + (s[i] === "A" ? "B" : "A") + s.slice(i + 1);
      // Not the last character: part of it may be base64 padding bits that decode to the same bytes.
      for (let i = 0; i < data.length - 1; i += 7) expect(await open(`${iv}.${flip(data, i)}`, SECRET, CONTEXT)).toBeNull();
      for (let i = 0; i < iv.length; i++) expect(await open(`${flip(iv, i)}.${data}`, SECRET, CONTEXT)).toBeNull();
      expect(await open(`${iv}.${data.slice(0, -2)}`, SECRET, CONTEXT)).toBeNull();
    });

    it("opens as null when anything is appended to the box", async () => {
      const box = await seal(plaintext, SECRET, CONTEXT);
      expect(await open(`${box}.extra`, SECRET, CONTEXT)).toBeNull();
      expect(await open(`${box}.`, SECRET, CONTEXT)).toBeNull();
    });
  });
});
