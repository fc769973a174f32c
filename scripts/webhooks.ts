// npx tsx scripts/webhooks.ts --secret whsec_… [--port 4000] [--fail N]
// A development receiver for the shop's webhooks: prints each delivery, checks its Shop-Signature with the
// endpoint's secret (refusing timestamps older than 5 minutes) and answers 204, or 401 when the signature is wrong.
// `--fail N` answers 500 to the first N deliveries, to watch the retries. Register http://127.0.0.1:<port>/ as the
// endpoint's URL with WEBHOOK_ALLOW_PRIVATE_TARGETS=1 (development only; refused in production).
import { createServer } from "node:http";
import { verifyWebhookSignature } from "@/lib/webhooks/signature";

function option(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const secret = option("secret");
if (!secret?.startsWith("whsec_")) {
  console.error("Usage: npx tsx scripts/webhooks.ts --secret whsec_… [--port 4000] [--fail N]");
  process.exit(1);
}
const port = Number(option("port") ?? 4000);
let failuresLeft = Number(option("fail") ?? 0);

createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (c: Buffer) => chunks.push(c));
  req.on("end", () => {
    // verify the raw bytes as received, before any JSON parsing
    const raw = Buffer.concat(chunks).toString("utf8");
    const check = verifyWebhookSignature(secret, req.headers["shop-signature"] as string | undefined, raw);
    const event = req.headers["shop-event"];
    const delivery = req.headers["shop-delivery"];
    if (!check.valid) {
      console.info(`✗ ${event} delivery ${delivery}: signature ${check.reason}`);
      res.writeHead(401).end();
      return;
    }
    if (failuresLeft > 0) {
      failuresLeft--;
      console.info(
        `… ${event} delivery ${delivery}: verified, answering 500 on purpose (${failuresLeft} more)`,
      );
      res.writeHead(500).end("failing on purpose");
      return;
    }
    console.info(
      `✓ ${event} delivery ${delivery} (event ${req.headers["shop-event-id"]}):\n${JSON.stringify(JSON.parse(raw), null, 2)}`,
    );
    res.writeHead(204).end();
  });
}).listen(port, "127.0.0.1", () => console.info(`Webhook receiver on http://127.0.0.1:${port}/`));
