import { env, isBuildPhase } from "@/lib/env";
import { errorFields, log } from "@/lib/log";
import { pruneWebhookDeliveries } from "./retention";
import { runWebhookDeliveries } from "./worker";

type LoopState = {
  timer: ReturnType<typeof setInterval>;
  running: boolean;
  lastPrune: number;
  failing: boolean;
};
const g = globalThis as typeof globalThis & { __shopWebhookLoop?: LoopState };
const PRUNE_EVERY_MS = 3_600_000;

/**
 * Started once per Node server process from instrumentation.ts: a delivery run every WEBHOOK_WORKER_INTERVAL_SECONDS
 * (unref'd: it never keeps the process alive), never during `next build`. Idempotent. Every instance may run it: the
 * claim (SKIP LOCKED + lease) gives each attempt to one of them. A run that is still busy makes the next tick skip.
 */
export function startWebhookWorker(): boolean {
  if (g.__shopWebhookLoop || isBuildPhase()) return false;
  const seconds = env().WEBHOOK_WORKER_INTERVAL_SECONDS;
  const state: LoopState = {
    running: false,
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
  if (state.running) return;
  state.running = true;
  try {
    // drain what is due now, one batch after another, but leave room for the next tick's schedule
    for (let i = 0; i < 10; i++) {
      const run = await runWebhookDeliveries();
      if (run.claimed < env().WEBHOOK_BATCH_SIZE) break;
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
    state.running = false;
  }
}

export function stopWebhookWorker(): void {
  if (!g.__shopWebhookLoop) return;
  clearInterval(g.__shopWebhookLoop.timer);
  g.__shopWebhookLoop = undefined;
}
