import { parseArgs } from "node:util";
import { connectDatabase } from "../../db/connect.js";
import { migrateToLatest } from "../../db/migrate.js";
import { ConfigError, loadConfig, type Config } from "../config.js";
import { bootstrapIfEmpty, issueOwnerSetupLink, issueRecoveryAdminKey } from "../services/bootstrap.js";
import { announceBootstrap } from "./announce-bootstrap.js";

/**
 * `npm run handoff-admin -- <command>`: operator commands against a PostgreSQL database, for
 * deployments whose own console nobody watches (Cloudflare Workers). `npm start` on Node bootstraps
 * by itself and needs none of this.
 */

const USAGE = `Usage: npm run handoff-admin -- <command> [options]

Commands:
  bootstrap   Migrate the database, then create the organization, its admin key and a single-use
              owner setup link, and print them once. Refuses (exit 1) when an organization exists.
  migrate     Apply pending migrations, then exit.
  owner-setup-link
              Issue a new single-use owner setup link for the organization (its first, or --org-id)
              and print it once; older unused setup links stop working. Works on PostgreSQL and, when
              DATABASE_URL is not set, on the embedded database in HANDOFF_DATA_DIR (stop the server
              first: the embedded database has one user at a time).
  api-key     Issue a new organization API key with every scope for the organization (its first, or
              --org-id) and print it once: the way back in when its keys were revoked or lost. Works
              on PostgreSQL and the embedded database like owner-setup-link.

Options:
  --database-url <url>     postgres://… to work on; the database itself, not a Hyperdrive address
                           (default: DATABASE_URL)
  --public-url <url>       where Handoff is served (the Worker's https:// address): the base of the
                           setup link; bootstrap and owner-setup-link (default: PUBLIC_URL)
  --org-name <name>        the organization's name (default: HANDOFF_ORG_NAME, else "My organization")
  --org-id <id>            owner-setup-link, api-key: the organization (default: the first one created)
  --admin-key-file <path>  also write { organizationId, adminKey, ownerSetupUrl } as JSON, mode 0600
                           (default: HANDOFF_ADMIN_KEY_FILE)
  -h, --help               show this help
`;

class UsageError extends Error {}

function redact(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@]*@/, "//$1:***@");
}

async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        "database-url": { type: "string" },
        "public-url": { type: "string" },
        "org-name": { type: "string" },
        "admin-key-file": { type: "string" },
        "org-id": { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const [command, ...rest] = positionals;
  if (command !== "bootstrap" && command !== "migrate" && command !== "owner-setup-link" && command !== "api-key") {
    throw new UsageError(command ? `Unknown command "${command}".` : "Name a command.");
  }
  if (rest.length) throw new UsageError(`Unexpected argument "${rest[0]}".`);

  // The options override the environment; loadConfig checks them and names what is wrong.
  const env: Record<string, string | undefined> = {
    ...process.env,
    ...(values["database-url"] !== undefined ? { DATABASE_URL: values["database-url"] } : {}),
    ...(values["public-url"] !== undefined ? { PUBLIC_URL: values["public-url"] } : {}),
    ...(values["org-name"] !== undefined ? { HANDOFF_ORG_NAME: values["org-name"] } : {}),
    ...(values["admin-key-file"] !== undefined ? { HANDOFF_ADMIN_KEY_FILE: values["admin-key-file"] } : {}),
  };
  const config = loadConfig(env);
  if (command === "owner-setup-link") return ownerSetupLink(config, env, values["org-id"]);
  if (command === "api-key") return recoveryKey(config, values["org-id"]);
  if (!config.databaseUrl) {
    throw new UsageError("Which database? Pass --database-url postgres://… (or set DATABASE_URL).");
  }
  if (command === "bootstrap" && !env.PUBLIC_URL) {
    throw new UsageError(
      "bootstrap needs the address Handoff is served at, for the setup link: pass --public-url https://… (or set PUBLIC_URL).",
    );
  }

  const database = await connectDatabase({ databaseUrl: config.databaseUrl, poolSize: 2 });
  try {
    const applied = await migrateToLatest(database.db);
    process.stderr.write(
      `${redact(config.databaseUrl)}: ${applied.length ? `applied ${applied.join(", ")}` : "schema already up to date"}\n`,
    );
    if (command === "migrate") return 0;

    const boot = await bootstrapIfEmpty(database.db, {
      organizationName: config.organizationName,
      publicUrl: config.publicUrl,
      now: new Date(),
      setupLinkTtlHours: config.ownerSetupLinkTtlHours,
    });
    if (!boot) {
      const existing = await database.db.selectFrom("organizations").select(["id", "name"]).orderBy("created_at").limit(1).executeTakeFirst();
      process.stderr.write(
        `Refused: this database already has an organization${existing ? ` (${existing.id}, "${existing.name}")` : ""}. ` +
          "bootstrap creates the first one only, and its admin key was shown when it was created. Nothing else was changed.\n",
      );
      return 1;
    }
    await announceBootstrap(boot, config.adminKeyFile);
    return 0;
  } finally {
    await database.close();
  }
}

/** A new owner setup link, printed once on stdout; the older unused links of the organization stop working. */
async function ownerSetupLink(config: Config, env: Record<string, string | undefined>, orgId: string | undefined): Promise<number> {
  if (!env.PUBLIC_URL) {
    throw new UsageError("owner-setup-link needs the address Handoff is served at: pass --public-url https://… (or set PUBLIC_URL).");
  }
  return withOrganization(config, orgId, async (database, organization) => {
    const now = new Date();
    const link = await database.db
      .transaction()
      .execute((trx) => issueOwnerSetupLink(trx, { organizationId: organization.id, publicUrl: config.publicUrl, now, ttlHours: config.ownerSetupLinkTtlHours }));
    process.stdout.write(
      [
        `Organization    : ${organization.id} ("${organization.name}")`,
        `Owner setup link: ${link.url}`,
        `It expires at ${link.expiresAt.toISOString()} and is single-use; earlier setup links no longer work. Shown once.`,
        "",
      ].join("\n"),
    );
    return 0;
  });
}

type Database = Awaited<ReturnType<typeof connectDatabase>>;

/** Opens the database (PostgreSQL or embedded), migrates it, and finds the organization (the first, or `orgId`). */
async function withOrganization(
  config: Config,
  orgId: string | undefined,
  work: (database: Database, organization: { id: string; name: string }) => Promise<number>,
): Promise<number> {
  const database = await connectDatabase({ databaseUrl: config.databaseUrl, poolSize: 2, dataDir: config.dataDir });
  try {
    await migrateToLatest(database.db);
    let query = database.db.selectFrom("organizations").select(["id", "name"]).orderBy("created_at").limit(1);
    if (orgId) query = query.where("id", "=", orgId);
    const organization = await query.executeTakeFirst();
    if (!organization) {
      process.stderr.write(orgId ? `No organization ${orgId} in this database.\n` : "This database has no organization yet: run bootstrap (or npm start) first.\n");
      return 1;
    }
    return await work(database, organization);
  } finally {
    await database.close();
  }
}

/** A new every-scope organization API key, printed once on stdout; the organization's other keys are untouched. */
async function recoveryKey(config: Config, orgId: string | undefined): Promise<number> {
  return withOrganization(config, orgId, async (database, organization) => {
    const key = await database.db.transaction().execute((trx) => issueRecoveryAdminKey(trx, { organizationId: organization.id, now: new Date() }));
    process.stdout.write(
      [
        `Organization : ${organization.id} ("${organization.name}")`,
        `Admin API key: ${key.secret}`,
        `Key id ${key.id}, every scope, no expiry. Shown once: revoke it (DELETE /v1/team/api-keys/${key.id}) once you have a narrower key.`,
        "",
      ].join("\n"),
    );
    return 0;
  });
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    if (err instanceof UsageError) {
      process.stderr.write(`${err.message}\n\n${USAGE}`);
      process.exit(2);
    }
    const message = err instanceof ConfigError ? err.message : `handoff-admin failed: ${err instanceof Error ? err.message : String(err)}`;
    process.stderr.write(`${message}\n`);
    process.exit(1);
  },
);
