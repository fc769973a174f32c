// The production server: Next.js behind a thin Node HTTP server that appends the TCP peer to X-Forwarded-For,
// exactly as a reverse proxy does. `next start` alone keeps a client-sent X-Forwarded-For as it is, so the peer
// address would be lost and a forged header could pose as the client (see lib/security/client-ip.ts).
import { createServer } from "node:http";
import next from "next";
import { NETWORK_REQUEST_HEADER } from "@/lib/security/internal-paths";

const dev = process.argv.includes("--dev");
const port = Number(process.env.PORT ?? 3000);

const app = next({ dev, port, hostname: "localhost" });
const handle = app.getRequestHandler();

await app.prepare();
const server = createServer((req, res) => {
  const peer = req.socket.remoteAddress ?? "";
  const prior = req.headers["x-forwarded-for"];
  const chain = (Array.isArray(prior) ? prior.join(", ") : prior ?? "").trim();
  req.headers["x-forwarded-for"] = chain ? `${chain}, ${peer}` : peer;
  // from the network (overwrites whatever a client sent): tells these apart from Next's in-process requests
  req.headers[NETWORK_REQUEST_HEADER] = "1";
  void handle(req, res);
});
server.keepAliveTimeout = 65_000;
server.listen(port, () => {
  console.info(`▲ Ready on http://localhost:${port}${dev ? " (dev)" : ""}`);
});
/** Monitoring's last in-process counts (lib/monitoring/flush-loop.ts), at most 3 s: a stop must not hang on it. */
async function beforeExit(): Promise<void> {
  const flush = (globalThis as { __shopBeforeExit?: () => Promise<unknown> }).__shopBeforeExit;
  if (!flush) return;
  await Promise.race([flush().catch(() => undefined), new Promise((r) => setTimeout(r, 3000).unref())]);
}

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => server.close(() => void beforeExit().finally(() => process.exit(0))));
}
