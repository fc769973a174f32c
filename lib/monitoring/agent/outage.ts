import { errorFields, log } from "@/lib/log";
import type { AgentConfig } from "@/lib/monitoring/config";
import type { SeenAlert } from "./alerts";
import { describeError, type Detector } from "./types";

/**
 * A database outage as this process saw it. While the database does not answer, a cycle cannot take its lock, so
 * nothing can be recorded: the failure is remembered here (per process) and, on the first failed cycle, announced
 * to AGENT_WEBHOOK_URL when one is set (the only channel that does not need the database). The first cycle that
 * reaches the database again turns it into a critical alert (→ an outage incident and the usual email/webhook
 * notification); once that alert is written the memory is cleared.
 */
export type DatabaseOutage = { since: Date; lastFailureAt: Date; failedCycles: number; error: string; webhook: string | null };

export const OUTAGE_FINGERPRINT = "outage:database";

const g = globalThis as typeof globalThis & { __shopAgentDbOutage?: DatabaseOutage };

export const pendingDatabaseOutage = (): DatabaseOutage | null => g.__shopAgentDbOutage ?? null;

/** A cycle failed because the database did not answer: remember it, and announce the outage once by webhook. */
export async function recordDatabaseUnreachable(now: Date, error: unknown, config: AgentConfig): Promise<DatabaseOutage> {
  const known = g.__shopAgentDbOutage;
  if (known) {
    known.lastFailureAt = now;
    known.failedCycles++;
    known.error = describeError(error);
    return known;
  }
  const outage: DatabaseOutage = { since: now, lastFailureAt: now, failedCycles: 1, error: describeError(error), webhook: null };
  g.__shopAgentDbOutage = outage;
  if (config.webhookUrl) outage.webhook = await postWebhook(config.webhookUrl, outage);
  return outage;
}

async function postWebhook(url: string, o: DatabaseOutage): Promise<string> {
  try {
    const res = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        event: "monitoring.database_unreachable",
        at: o.since.toISOString(),
        subject: "Database unreachable",
        message: `The monitoring agent cannot reach the database since ${o.since.toISOString()}: pages and API calls that read data are failing. Nothing can be recorded until it answers again.`,
        error: o.error,
      }),
      signal: AbortSignal.timeout(5000),
      redirect: "error",
    });
    return res.ok ? "delivered" : `failed: HTTP ${res.status}`;
  } catch (error) {
    log.warn("agent outage webhook failed", errorFields(error));
    return `failed: ${error instanceof Error && error.name === "TimeoutError" ? "no answer within 5 s" : "unreachable"}`;
  }
}

/** Forgets the outage once its alert is written (called by the cycle with the alerts it saw). */
export function settleDatabaseOutage(seen: SeenAlert[], reported: DatabaseOutage | null): void {
  if (reported && g.__shopAgentDbOutage === reported && seen.some((s) => s.finding.fingerprint === OUTAGE_FINGERPRINT)) g.__shopAgentDbOutage = undefined;
}

/** The remembered outage, as a critical finding of the cycle that reached the database again. */
export const outageDetector: Detector = {
  name: "outage",
  async run(ctx) {
    const o = pendingDatabaseOutage();
    if (!o) return [];
    const seconds = Math.max(0, Math.round((ctx.now.getTime() - o.since.getTime()) / 1000));
    const window = `${o.since.toISOString()} – ${ctx.now.toISOString()}`;
    return [
      {
        fingerprint: OUTAGE_FINGERPRINT,
        type: "database",
        severity: "critical",
        title: `Database was unreachable for about ${seconds} s`,
        message:
          `The monitoring agent could not reach the database from ${o.since.toISOString()} (last failed attempt ${o.lastFailureAt.toISOString()}, ` +
          `${o.failedCycles} cycle(s) failed on this instance; error: ${o.error}). It answered again at ${ctx.now.toISOString()}. ` +
          `Meanwhile pages and API calls that read data failed and readiness (/api/health/ready/) answered 503.` +
          (o.webhook ? ` The webhook was told when it started (${o.webhook}).` : ""),
        evidence: {
          metric: "database_reachable",
          value: "unreachable",
          window,
          samples: o.failedCycles,
          first_failure_at: o.since.toISOString(),
          last_failure_at: o.lastFailureAt.toISOString(),
          recovered_at: ctx.now.toISOString(),
          duration_seconds: seconds,
          failed_cycles: o.failedCycles,
          error: o.error,
          webhook_at_start: o.webhook,
        },
      },
    ];
  },
};
