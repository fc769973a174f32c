// A local server that speaks the Upstash REST protocol in front of a real Redis, as the open-source
// serverless-redis-http (SRH) does: development and tests exercise the same @upstash/redis + @upstash/ratelimit code
// that production runs against Upstash (or an SRH deployment).
//
//   npx tsx scripts/upstash-local.ts [--port 8079] [--redis redis://127.0.0.1:6379] [--token dev-token]
//
// Protocol: POST / with a JSON command array → {"result": …}; POST /pipeline and /multi-exec with an array of
// commands → [{"result": …} | {"error": …}, …]; `Authorization: Bearer <token>`; with `Upstash-Encoding: base64`,
// string results are base64-encoded (what @upstash/redis asks for by default).
import { createHash } from "node:crypto";
import { createServer, type IncomingMessage, type Server } from "node:http";
import { Redis } from "ioredis";

type Json = null | number | string | Json[] | { [k: string]: Json };

function encodeResult(value: unknown, base64: boolean): Json {
  if (value === null || value === undefined) return null;
  if (typeof value === "number") return value;
  if (Buffer.isBuffer(value)) return base64 ? value.toString("base64") : value.toString("utf8");
  if (typeof value === "string") return base64 ? Buffer.from(value, "utf8").toString("base64") : value;
  if (Array.isArray(value)) return value.map((v) => encodeResult(v, base64));
  return String(value);
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > 10 * 1024 * 1024) throw new Error("request body too large");
    chunks.push(chunk as Buffer);
  }
  return JSON.parse(Buffer.concat(chunks).toString("utf8"));
}

function isCommand(value: unknown): value is (string | number)[] {
  return Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === "string" || typeof v === "number");
}

/**
 * Upstash's Lua scripts declare `#!lua flags=allow-key-locking`, a flag only Upstash knows; Redis refuses it. The
 * flag is dropped before the script reaches Redis, and EVALSHA with the client's SHA of the original text is mapped
 * to the SHA Redis knows (what SRH has to do too).
 */
const UPSTASH_ONLY_FLAGS = new Set(["allow-key-locking"]);
function adaptScript(script: string): string {
  const match = /^#!lua flags=([^\n]*)\n/.exec(script);
  if (!match) return script;
  const flags = match[1]!.split(",").map((f) => f.trim()).filter((f) => f && !UPSTASH_ONLY_FLAGS.has(f));
  return (flags.length ? `#!lua flags=${flags.join(",")}\n` : "#!lua\n") + script.slice(match[0].length);
}
const sha1 = (text: string) => createHash("sha1").update(text).digest("hex");

export function startUpstashLocal(options: { port: number; redisUrl: string; token: string }): Promise<{ server: Server; close: () => Promise<void> }> {
  const redis = new Redis(options.redisUrl, { lazyConnect: false, maxRetriesPerRequest: 1, enableOfflineQueue: false });
  redis.on("error", () => {}); // surfaced per request as {"error": …}
  const shaMap = new Map<string, string>();
  const rewrite = (command: (string | number)[]): string[] => {
    const [rawName, ...rest] = command.map(String);
    const name = rawName!.toUpperCase();
    if ((name === "EVAL" || name === "EVAL_RO") && rest[0]) {
      const adapted = adaptScript(rest[0]);
      shaMap.set(sha1(rest[0]), sha1(adapted));
      return [name, adapted, ...rest.slice(1)];
    }
    if ((name === "EVALSHA" || name === "EVALSHA_RO") && rest[0]) {
      return [name, shaMap.get(rest[0].toLowerCase()) ?? rest[0], ...rest.slice(1)];
    }
    if (name === "SCRIPT" && rest[0]?.toUpperCase() === "LOAD" && rest[1]) {
      const adapted = adaptScript(rest[1]);
      shaMap.set(sha1(rest[1]), sha1(adapted));
      return ["SCRIPT", "LOAD", adapted];
    }
    return [name, ...rest];
  };
  const run = async (command: (string | number)[]) => {
    const [name, ...args] = rewrite(command);
    const result = await redis.callBuffer(name!, ...args);
    // SCRIPT LOAD answers the SHA of the text the client sent, as Upstash would
    if (name === "SCRIPT" && args[0] === "LOAD") return sha1(String(command[2]));
    return result;
  };
  const server = createServer(async (req, res) => {
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(body));
    };
    if (req.method !== "POST") return send(405, { error: "ERR only POST is supported" });
    if (req.headers.authorization !== `Bearer ${options.token}`) return send(401, { error: "Unauthorized" });
    const base64 = String(req.headers["upstash-encoding"] ?? "").toLowerCase() === "base64";
    let body: unknown;
    try {
      body = await readJson(req);
    } catch {
      return send(400, { error: "ERR invalid JSON body" });
    }
    const path = (req.url ?? "/").split("?")[0];
    try {
      if (path === "/" || path === "") {
        if (!isCommand(body)) return send(400, { error: "ERR the body must be a command array" });
        return send(200, { result: encodeResult(await run(body), base64) });
      }
      if (path === "/pipeline" || path === "/multi-exec") {
        if (!Array.isArray(body) || !body.every(isCommand)) return send(400, { error: "ERR the body must be an array of commands" });
        if (path === "/multi-exec") {
          const multi = redis.multi();
          for (const command of body) {
            const [name, ...args] = rewrite(command);
            multi.callBuffer(name!, ...args);
          }
          const results = (await multi.exec()) ?? [];
          return send(200, results.map(([err, r]) => (err ? { error: err.message } : { result: encodeResult(r, base64) })));
        }
        const out: Json[] = [];
        for (const command of body) {
          try {
            out.push({ result: encodeResult(await run(command), base64) });
          } catch (error) {
            out.push({ error: error instanceof Error ? error.message : String(error) });
          }
        }
        return send(200, out);
      }
      return send(404, { error: "ERR unknown endpoint" });
    } catch (error) {
      return send(400, { error: error instanceof Error ? error.message : String(error) });
    }
  });
  return new Promise((resolve) => {
    const listen = () => server.listen(options.port, "127.0.0.1", () =>
      resolve({
        server,
        close: async () => {
          await new Promise<void>((r) => server.close(() => r()));
          redis.disconnect();
        },
      }),
    );
    // answer only once Redis is connected; afterwards an outage fails fast (no offline queue)
    if (redis.status === "ready") listen();
    else redis.once("ready", listen);
  });
}

const isMain = process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href;
if (isMain) {
  const arg = (name: string, def: string) => {
    const i = process.argv.indexOf(`--${name}`);
    return i > 0 && process.argv[i + 1] ? process.argv[i + 1]! : def;
  };
  const port = Number(arg("port", "8079"));
  await startUpstashLocal({ port, redisUrl: arg("redis", "redis://127.0.0.1:6379"), token: arg("token", "dev-token") });
  console.info(`Upstash-compatible REST server on http://127.0.0.1:${port} → ${arg("redis", "redis://127.0.0.1:6379")}`);
}
