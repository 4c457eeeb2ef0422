import { chmod, writeFile } from "node:fs/promises";
import type { BootstrapResult } from "../services/bootstrap.js";

/**
 * Shows the first start's secrets once, clearly marked, on stdout (not through the logger, which
 * never sees a secret), and writes them to HANDOFF_ADMIN_KEY_FILE (mode 0600) when it is set.
 */
export async function announceBootstrap(result: BootstrapResult, adminKeyFile: string | undefined) {
  const line = "=".repeat(78);
  process.stdout.write(
    [
      line,
      " Handoff: first start. A new organization was created. Shown ONCE; keep these safe.",
      line,
      ` Organization id : ${result.organizationId}`,
      ` Admin API key   : ${result.adminKey}`,
      ` Owner setup link: ${result.ownerSetupUrl}`,
      "",
      " Use the admin key as `Authorization: Bearer <key>` on /v1/team/* routes.",
      ` The setup link is single-use: open it to create the organization's owner account. It works until`,
      ` ${result.ownerSetupExpiresAt.toISOString()}; \`npm run handoff-admin -- owner-setup-link\` issues a new one.`,
      adminKeyFile ? ` Also written to ${adminKeyFile} (mode 0600).` : " Set HANDOFF_ADMIN_KEY_FILE to also write them to a file.",
      line,
      "",
    ].join("\n"),
  );
  if (adminKeyFile) {
    const json = JSON.stringify(
      { organizationId: result.organizationId, adminKey: result.adminKey, ownerSetupUrl: result.ownerSetupUrl },
      null,
      2,
    );
    await writeFile(adminKeyFile, json + "\n", { mode: 0o600 });
    await chmod(adminKeyFile, 0o600); // writeFile's mode applies only when it creates the file
  }
}
