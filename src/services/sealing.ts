import type { SigningSecret } from "../config.js";
import { open, seal } from "../domain/sealed.js";

/**
 * Data kept sealed with the server's sealing keys (HANDOFF_SEALING_KEY): stored as `<key id>:<box>` so a
 * rotated key still opens what its predecessor sealed. The first key seals; every key opens.
 */
export async function sealWith(keys: SigningSecret[], plaintext: string, context: string): Promise<string | null> {
  const [sealer] = keys;
  return sealer ? `${sealer.id}:${await seal(plaintext, sealer.secret, context)}` : null;
}

/** Null when no key of `keys` sealed it, or it was altered. */
export async function openWith(keys: SigningSecret[], stored: string, context: string): Promise<string | null> {
  const at = stored.indexOf(":");
  const secret = keys.find((s) => s.id === stored.slice(0, at));
  return secret ? open(stored.slice(at + 1), secret.secret, context) : null;
}
