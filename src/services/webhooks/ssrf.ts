import { isPrivateAddress } from "../../domain/webhook-rules.js";

type Lookup = (host: string, opts: { all: true; verbatim: boolean }) => Promise<{ address: string }[]>;

let lookup: Lookup | null | undefined;

/** Node's resolver when the runtime has one (Node; Workers may not, and cannot reach private networks). */
async function resolver(): Promise<Lookup | null> {
  if (lookup !== undefined) return lookup;
  // A name in a variable: bundlers leave the import to the runtime instead of failing the build.
  const name = "node:dns";
  try {
    const dns = (await import(/* @vite-ignore */ name)) as { promises?: { lookup?: Lookup } };
    lookup = dns.promises?.lookup ?? null;
  } catch {
    lookup = null;
  }
  return lookup;
}

/**
 * The SSRF guard, at delivery time: the host's addresses as resolved now must all be public (a name
 * may have pointed elsewhere when the endpoint was saved). Throws with the reason otherwise.
 * The fetch resolves the name again; the window between the two lookups is what remains of DNS
 * rebinding, narrowed further by never following redirects.
 */
export async function assertPublicTarget(url: URL, allowPrivate: boolean): Promise<void> {
  if (allowPrivate) return;
  const host = url.hostname.replace(/^\[|\]$/g, "");
  const literal = /^[\d.]+$/.test(host) || host.includes(":");
  const addresses = literal ? [host] : ((await (await resolver())?.(host, { all: true, verbatim: true }))?.map((a) => a.address) ?? []);
  const refused = addresses.find(isPrivateAddress);
  if (refused !== undefined || /^(localhost|.*\.localhost)$/i.test(host)) {
    throw new Error(`refused: ${host} resolves to a loopback, private, link-local or metadata address`);
  }
}
