import { isBuildPhase } from "@/lib/env";
import { errorFields, log } from "@/lib/log";
import { agentConfig } from "@/lib/monitoring/config";
import { runAgentCycle } from "./cycle";

type LoopState = { timer: ReturnType<typeof setInterval>; running: boolean };
const g = globalThis as typeof globalThis & { __shopAgentLoop?: LoopState };

/**
 * Started once per Node server process from instrumentation.ts: a cycle every AGENT_INTERVAL_SECONDS (unref'd: it
 * never keeps the process alive), unless AGENT_MODE=off; never during `next build`. Idempotent. Several instances
 * may each run the loop: the advisory lock lets one cycle run at a time, the others skip.
 */
export function startAgentLoop(): boolean {
  if (g.__shopAgentLoop || isBuildPhase()) return false;
  const { mode, intervalSeconds } = agentConfig();
  if (mode === "off") return false;
  const state: LoopState = { running: false, timer: setInterval(() => void tick(state), intervalSeconds * 1000) };
  state.timer.unref();
  g.__shopAgentLoop = state;
  log.info("monitoring agent started", { mode, interval_seconds: intervalSeconds });
  return true;
}

async function tick(state: LoopState): Promise<void> {
  if (state.running) return;
  state.running = true;
  try {
    await runAgentCycle({ trigger: "schedule" });
  } catch (error) {
    log.error("agent cycle failed", errorFields(error));
  } finally {
    state.running = false;
  }
}

export function stopAgentLoop(): void {
  if (!g.__shopAgentLoop) return;
  clearInterval(g.__shopAgentLoop.timer);
  g.__shopAgentLoop = undefined;
}
