import http from "node:http";
import https from "node:https";
import { pinnedLookup, type ResolvedAddress } from "./url-guard";

export const EXCERPT_BYTES = 2048;

export type SendResult = {
  status: number | null;
  excerpt: string | null;
  error: string | null;
  durationMs: number;
};

/** At most `max` bytes of UTF-8 text, cut on a character boundary; NUL (refused by PostgreSQL text) replaced. */
export function excerptOf(bytes: Buffer, max = EXCERPT_BYTES): string {
  let text = new TextDecoder("utf-8", { fatal: false })
    .decode(bytes.subarray(0, max))
    .replace(/\u0000/g, "\uFFFD");
  while (Buffer.byteLength(text, "utf8") > max) text = text.slice(0, -1);
  return text;
}

function describeError(error: unknown, timeoutMs: number): string {
  const e = error as NodeJS.ErrnoException;
  if (e?.code === "ETIMEDOUT_WEBHOOK") return `no complete response within ${timeoutMs} ms`;
  if (e?.code === "ECONNREFUSED") return "connection refused";
  if (e?.code === "ECONNRESET") return "connection reset by the receiver";
  if (e?.code === "EWEBHOOKBLOCKED") return "refused: no permitted address for this host";
  const text = e?.code ? `${e.code}: ${e.message}` : e instanceof Error ? e.message : String(error);
  return text.slice(0, 500);
}

/**
 * One POST to a checked target, connecting only to `addresses` (pinned lookup). No redirects are followed (node's
 * client never follows them; a 3xx is simply not a success). The whole exchange — connect, TLS, response head and
 * the first 2 KB of the body — must finish within `timeoutMs`; the rest of the body is not read.
 */
export function sendWebhook(
  target: { url: URL; addresses: ResolvedAddress[]; allowPrivate: boolean },
  headers: Record<string, string>,
  body: string,
  timeoutMs: number,
): Promise<SendResult> {
  const started = performance.now();
  const client = target.url.protocol === "https:" ? https : http;
  return new Promise((resolve) => {
    let settled = false;
    let status: number | null = null;
    const finish = (result: Omit<SendResult, "durationMs">) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.destroy();
      resolve({ ...result, durationMs: Math.round(performance.now() - started) });
    };
    const req = client.request(
      {
        method: "POST",
        hostname: target.url.hostname.replace(/^\[(.*)\]$/, "$1"),
        port: target.url.port || undefined,
        path: `${target.url.pathname}${target.url.search}`,
        headers: { ...headers, "Content-Length": String(Buffer.byteLength(body, "utf8")) },
        lookup: pinnedLookup(target.addresses, target.allowPrivate),
        agent: false,
      },
      (res) => {
        status = res.statusCode ?? null;
        const chunks: Buffer[] = [];
        let size = 0;
        const done = () =>
          finish({ status: res.statusCode ?? null, excerpt: excerptOf(Buffer.concat(chunks)), error: null });
        res.on("data", (chunk: Buffer) => {
          chunks.push(chunk);
          size += chunk.length;
          if (size >= EXCERPT_BYTES) done();
        });
        res.on("end", done);
        res.on("error", (error) =>
          finish({
            status: res.statusCode ?? null,
            excerpt: excerptOf(Buffer.concat(chunks)),
            error: describeError(error, timeoutMs),
          }),
        );
      },
    );
    const timer = setTimeout(() => {
      const error: NodeJS.ErrnoException = new Error("timeout");
      error.code = "ETIMEDOUT_WEBHOOK";
      finish({ status, excerpt: null, error: describeError(error, timeoutMs) });
    }, timeoutMs);
    req.on("error", (error) => finish({ status, excerpt: null, error: describeError(error, timeoutMs) }));
    req.end(body);
  });
}
