import { parseArgs } from "node:util";
import { connectDatabase } from "../../db/connect.js";
import { migrateToLatest } from "../../db/migrate.js";
import { ConfigError, loadConfig } from "../config.js";
import { bootstrapIfEmpty } from "../services/bootstrap.js";
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

Options:
  --database-url <url>     postgres://… to work on; the database itself, not a Hyperdrive address
                           (default: DATABASE_URL)
  --public-url <url>       where Handoff is served (the Worker's https:// address): the base of the
                           setup link; bootstrap only (default: PUBLIC_URL)
  --org-name <name>        the organization's name (default: HANDOFF_ORG_NAME, else "My organization")
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
  if (command !== "bootstrap" && command !== "migrate") {
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
