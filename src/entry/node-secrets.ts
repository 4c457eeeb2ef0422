import { chmodSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Config, SigningSecret } from "../config.js";
import { randomBytes, toBase64Url } from "../domain/encoding.js";

const SEALING_KEY_FILE = "sealing.key";

/**
 * The keys that seal stored Idempotency-Key replays, on Node: HANDOFF_SEALING_KEY when set; otherwise
 * one generated at first start into `<HANDOFF_DATA_DIR>/sealing.key` (mode 0600, directory 0700). Never
 * in the database: a dump of it alone cannot open a replay. Instances that share a PostgreSQL do not
 * share that file, so production sets HANDOFF_SEALING_KEY (npm start says so, loudly).
 */
export function sealingKeysFor(config: Config): { keys: SigningSecret[]; file: string | null } {
  if (config.sealingKeys?.length) return { keys: config.sealingKeys, file: null };
  mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  chmodSync(config.dataDir, 0o700);
  const file = join(config.dataDir, SEALING_KEY_FILE);
  let secret: string;
  try {
    secret = readFileSync(file, "utf8").trim();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
    secret = toBase64Url(randomBytes(32));
    // `wx`: two processes starting together never overwrite each other's key; the loser reads it.
    try {
      writeFileSync(file, secret + "\n", { mode: 0o600, flag: "wx" });
    } catch (raced) {
      if ((raced as NodeJS.ErrnoException).code !== "EEXIST") throw raced;
      secret = readFileSync(file, "utf8").trim();
    }
  }
  chmodSync(file, 0o600);
  if (secret.length < 32) throw new Error(`${file} holds no usable sealing key (fewer than 32 characters); delete it to generate a new one`);
  return { keys: [{ id: "file", secret }], file };
}

/** What a production deployment should not run without: printed by `npm start` on every start. */
export function productionWarnings(config: Config, opts: { sealingKeyFile: string | null }): string[] {
  const warnings: string[] = [];
  if (!config.claimSigningSecrets?.length) {
    warnings.push(
      "CLAIM_SIGNING_SECRETS is not set: the claim-link signing secret was generated and is kept in the database " +
        "(server_secrets), so whoever reads the database can sign links. Set it (keyId:secret, >= 32 characters).",
    );
  }
  if (opts.sealingKeyFile) {
    warnings.push(
      `HANDOFF_SEALING_KEY is not set: Idempotency-Key replays (which hold live API keys) are sealed with the key in ${opts.sealingKeyFile}. ` +
        (config.databaseUrl
          ? "Instances sharing this PostgreSQL each have their own file and cannot open each other's replays: set HANDOFF_SEALING_KEY on every instance."
          : "Back it up apart from the database, or set HANDOFF_SEALING_KEY (keyId:secret, >= 32 characters)."),
    );
  }
  const url = new URL(config.publicUrl);
  if (url.protocol !== "https:" && !["localhost", "127.0.0.1", "[::1]"].includes(url.hostname)) {
    warnings.push(`PUBLIC_URL (${config.publicUrl}) is not https: session cookies go without Secure and links travel in clear.`);
  }
  return warnings;
}

/** The warnings, impossible to miss, on stderr. */
export function printWarnings(warnings: string[]) {
  if (warnings.length === 0) return;
  const bar = "!".repeat(78);
  process.stderr.write([bar, " Handoff is running without settings production needs:", ...warnings.map((w) => ` - ${w}`), bar, ""].join("\n"));
}
