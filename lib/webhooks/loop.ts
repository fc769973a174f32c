import { env, isBuildPhase } from "@/lib/env";
import { errorFields, log } from "@/lib/log";
import { pruneWebhookDeliveries } from "./retention";
import { runWebhookDeliveries } from "./worker";

type LoopState = {
  timer: ReturnType<typeof setInterval>;
  running: number;
  lastPrune: number;
  failing: boolean;
};
const g = globalThis as typeof globalThis & { __shopWebhookLoop?: LoopState };
const PRUNE_EVERY_MS = 3_600_000;
/**
 * Runs of this process at once. A run lasts as long as its slowest attempt (up to twice the timeout), so a tick
 * does not wait for the previous run: it starts another, which claims around the slow receiver's deliveries (they
 * hold its per-endpoint slots). Bounded, so a database that is slow to answer does not pile runs up.
 */
const MAX_PARALLEL_RUNS = 4;

/**
 * Started once per Node server process from instrumentation.ts: a delivery run every WEBHOOK_WORKER_INTERVAL_SECONDS
 * (unref'd: it never keeps the process alive), never during `next build`. Idempotent. Every instance may run it: the
 * claim (SKIP LOCKED + lease) gives each attempt to one of them; the same holds for the runs of one process.
 */
export function startWebhookWorker(): boolean {
  if (g.__shopWebhookLoop || isBuildPhase()) return false;
  const seconds = env().WEBHOOK_WORKER_INTERVAL_SECONDS;
  const state: LoopState = {
    running: 0,
    failing: false,
    lastPrune: 0,
    timer: setInterval(() => void tick(state), seconds * 1000),
  };
  state.timer.unref();
  g.__shopWebhookLoop = state;
  log.info("webhook worker started", { interval_seconds: seconds });
  return true;
}

async function tick(state: LoopState): Promise<void> {
  if (state.running >= MAX_PARALLEL_RUNS) return;
  state.running++;
  try {
    // drain what is due now, one batch after another, but leave room for the next tick's schedule
    for (let i = 0; i < 10; i++) {
      // a short batch does not mean the queue is empty: an endpoint's deliveries beyond its slots wait a run
      const run = await runWebhookDeliveries();
      if (run.claimed === 0) break;
    }
    if (Date.now() - state.lastPrune > PRUNE_EVERY_MS) {
      state.lastPrune = Date.now();
      await pruneWebhookDeliveries();
    }
    if (state.failing) log.info("webhook worker recovered");
    state.failing = false;
  } catch (error) {
    // one line when a failure streak starts (a database outage), not one per tick; the queue waits meanwhile
    if (!state.failing) log.error("webhook worker run failed; retrying every tick", errorFields(error));
    state.failing = true;
  } finally {
    state.running--;
  }
}

export function stopWebhookWorker(): void {
  if (!g.__shopWebhookLoop) return;
  clearInterval(g.__shopWebhookLoop.timer);
  g.__shopWebhookLoop = undefined;
}
