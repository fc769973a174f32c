import { db } from "@/db/client";
import { env, isBuildPhase } from "@/lib/env";
import { log } from "@/lib/log";
import { startProcessSampling } from "./process-sampling";
import { requestMetrics } from "./request-metrics";

type LoopState = { timer: ReturnType<typeof setInterval>; onSignal: (signal: NodeJS.Signals) => void };
const g = globalThis as typeof globalThis & { __shopMetricsLoop?: LoopState; __shopBeforeExit?: () => Promise<unknown> };

/** Adds this process's pending request counts into metric_buckets now; never throws. */
export async function flushRequestMetrics(): Promise<boolean> {
  const metrics = requestMetrics();
  const wasFailing = metrics.stats().lastFlushError !== null;
  const ok = await metrics.flush(db());
  // one line when a failure streak starts and one when it ends, not one per attempt (the counts are kept and retried)
  const s = metrics.stats();
  if (!ok && !wasFailing) log.warn("metrics flush failed; counts kept for the next try", { error: s.lastFlushError, pending_keys: s.pendingKeys });
  if (ok && wasFailing) log.info("metrics flush recovered", { dropped_requests: s.droppedRequests });
  return ok;
}

/**
 * Started once per Node server process from instrumentation.ts: a flush every METRICS_FLUSH_SECONDS (unref'd, so
 * it never keeps the process alive), a best-effort flush on SIGTERM/SIGINT, and the process samplers (event-loop
 * delay, CPU). Never during `next build`. Idempotent (dev reloads call register() again).
 */
export function startMetricsFlush(): void {
  if (g.__shopMetricsLoop || isBuildPhase()) return;
  startProcessSampling();
  const timer = setInterval(() => void flushRequestMetrics(), env().METRICS_FLUSH_SECONDS * 1000);
  timer.unref();
  // best effort: the server's own handler exits once connections close, and this flush races it. With no other
  // handler left, the signal is raised again after the flush (at most 2 s) so the process still stops.
  const onSignal = (signal: NodeJS.Signals) => {
    const last = () => {
      if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
    };
    void Promise.race([flushRequestMetrics(), new Promise((r) => setTimeout(r, 2000).unref())]).then(last, last);
  };
  process.once("SIGTERM", onSignal);
  process.once("SIGINT", onSignal);
  // for a server that exits at once on a signal: `await globalThis.__shopBeforeExit?.()` before process.exit
  g.__shopBeforeExit = flushRequestMetrics;
  g.__shopMetricsLoop = { timer, onSignal };
}

/** Tests and scripts: stop the timer (a last flush is the caller's choice). */
export function stopMetricsFlush(): void {
  const loop = g.__shopMetricsLoop;
  if (!loop) return;
  clearInterval(loop.timer);
  process.off("SIGTERM", loop.onSignal);
  process.off("SIGINT", loop.onSignal);
  g.__shopBeforeExit = undefined;
  g.__shopMetricsLoop = undefined;
}
