import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export type Received = { headers: IncomingHttpHeaders; body: string };
type Reply = { status: number; headers?: Record<string, string> };

/**
 * A real HTTP receiver on a port of its own (port 0: the system picks a free one): records every
 * request and answers what the test says (200 by default).
 */
export async function startReceiver() {
  const received: Received[] = [];
  let reply: (r: Received) => Reply = () => ({ status: 200 });
  const server: Server = createServer((req, res) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (chunk: string) => (body += chunk));
    req.on("end", () => {
      const r = { headers: req.headers, body };
      received.push(r);
      const { status, headers } = reply(r);
      res.writeHead(status, headers ?? {}).end("ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    received,
    answer(fn: (r: Received) => Reply) {
      reply = fn;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The headers the standardwebhooks package verifies, from a received request. */
export function signatureHeaders(r: Received): Record<string, string> {
  return {
    "webhook-id": String(r.headers["webhook-id"]),
    "webhook-timestamp": String(r.headers["webhook-timestamp"]),
    "webhook-signature": String(r.headers["webhook-signature"]),
  };
}
