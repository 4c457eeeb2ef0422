/**
 * Stands in for Node's `fs` in the Workers bundle (wrangler.toml `[alias]`), so no filesystem module
 * reaches it. Only `pg`'s rarely used file options ask for it: `sslcert`/`sslkey`/`sslrootcert` in the
 * connection URL (refused here with a clear message) and ~/.pgpass when no password is given (there is
 * none on Workers: the password belongs in DATABASE_URL or the Hyperdrive configuration).
 */
const unavailable = (what: string) =>
  new Error(`${what}: there is no filesystem on Workers; put credentials in DATABASE_URL or use Hyperdrive`);

export function readFileSync(path: unknown): never {
  throw unavailable(`reading ${String(path)}`);
}

export function stat(path: unknown, callback: (err: Error) => void): void {
  callback(unavailable(`stat ${String(path)}`));
}

export function createReadStream(path: unknown): never {
  throw unavailable(`reading ${String(path)}`);
}

export default { readFileSync, stat, createReadStream };
