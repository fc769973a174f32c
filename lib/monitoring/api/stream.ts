import "server-only";
import { recheckCaller } from "@/lib/auth/api-keys/authenticate";
import { requestMeta } from "@/lib/security/request-meta";
import { errorFields, log } from "@/lib/log";
import { buildDashboard, type Dashboard } from "./dashboard";
import type { RangeName } from "./schemas";

/**
 * The live dashboard as Server-Sent Events: `event: dashboard` with the JSON of GET /dashboard/ at once and then
 * every `intervalMs`, a comment heartbeat between, until the client goes away (req.signal) or `maxMs` passes (the
 * browser's EventSource reconnects, and is authorized afresh). The caller is authorized at connect by withApi; the
 * session is resolved again before every `recheckEvery`-th event, so a revoked session, a deactivated user or a lost
 * role ends the stream with an `event: end` that says why.
 */
export type StreamOptions = { range: RangeName; intervalMs: number; recheckEvery?: number; heartbeatMs?: number; maxMs?: number };

const DEFAULT_RECHECK_EVERY = 1; // before every event: one indexed read, and a revoked session sees nothing more
const DEFAULT_HEARTBEAT_MS = 15_000;
const DEFAULT_MAX_MS = 30 * 60_000;
/** Streams of several tabs in the same second share one dashboard read. */
const SHARE_MS = 1000;

const shared = new Map<RangeName, { at: number; value: Promise<Dashboard> }>();
function sharedDashboard(range: RangeName): Promise<Dashboard> {
  const hit = shared.get(range);
  if (hit && Date.now() - hit.at < SHARE_MS) return hit.value;
  const value = buildDashboard(range);
  shared.set(range, { at: Date.now(), value });
  value.catch(() => shared.delete(range));
  return value;
}

export const STREAM_HEADERS = {
  "content-type": "text/event-stream; charset=utf-8",
  "cache-control": "no-store, no-transform",
  connection: "keep-alive",
  "x-accel-buffering": "no",
} as const;

export function dashboardStream(req: Request, options: StreamOptions): Response {
  const recheckEvery = Math.max(1, options.recheckEvery ?? DEFAULT_RECHECK_EVERY);
  const encoder = new TextEncoder();
  let closed = false;
  let sent = 0;
  let tickTimer: ReturnType<typeof setTimeout> | undefined;
  let heartbeat: ReturnType<typeof setInterval> | undefined;
  let deadline: ReturnType<typeof setTimeout> | undefined;
  let stop: () => void = () => {};

  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      const write = (text: string) => {
        if (closed) return;
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          stop();
        }
      };
      const onAbort = () => stop();
      stop = () => {
        if (closed) return;
        closed = true;
        clearTimeout(tickTimer);
        clearInterval(heartbeat);
        clearTimeout(deadline);
        req.signal.removeEventListener("abort", onAbort);
        try {
          controller.close();
        } catch {
          // already closed or cancelled by the client
        }
      };
      const end = (code: "unauthenticated" | "forbidden" | "lifetime", detail: string) => {
        write(`event: end\ndata: ${JSON.stringify({ code, detail })}\n\n`);
        stop();
      };

      const tick = async () => {
        if (closed) return;
        if (sent > 0 && sent % recheckEvery === 0) {
          // the same credential the stream was opened with: its session, or its API key (revoked → the stream ends)
          const principal = await recheckCaller(req, requestMeta(req.headers)).catch(() => null);
          if (closed) return;
          if (!principal) return end("unauthenticated", "The session ended: sign in again.");
          if (!principal.permissions.has("monitoring:read")) return end("forbidden", "You no longer have permission to read monitoring.");
        }
        try {
          const data = await sharedDashboard(options.range);
          sent++;
          write(`id: ${sent}\nevent: dashboard\ndata: ${JSON.stringify(data)}\n\n`);
        } catch (error) {
          // no internal text to the client: the next tick tries again
          log.warn("monitoring stream: dashboard read failed", errorFields(error));
          write(`: dashboard unavailable, retrying\n\n`);
        }
        if (!closed) tickTimer = setTimeout(() => void tick(), options.intervalMs);
      };

      if (req.signal.aborted) return stop();
      req.signal.addEventListener("abort", onAbort);
      write(`retry: ${options.intervalMs}\n: connected\n\n`);
      heartbeat = setInterval(() => write(`: heartbeat ${new Date().toISOString()}\n\n`), options.heartbeatMs ?? DEFAULT_HEARTBEAT_MS);
      deadline = setTimeout(() => end("lifetime", "Stream lifetime reached: reconnect."), options.maxMs ?? DEFAULT_MAX_MS);
      void tick();
    },
    cancel() {
      stop();
    },
  });
  return new Response(stream, { status: 200, headers: STREAM_HEADERS });
}
