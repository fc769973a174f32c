import { errorFields, log } from "@/lib/log";
import { agentConfig } from "@/lib/monitoring/config";
import { act, type ActResult } from "./act";
import { applyFindings, type AlertChanges } from "./alerts";
import { runDetectors } from "./detect";
import { expireActions } from "./expire";
import { groupIncidents, resolveClearedIncidents, type IncidentRow } from "./incidents";
import { cycleInputs } from "./inputs";
import { withCycleLock } from "./lock";
import { pendingDatabaseOutage, recordDatabaseUnreachable, settleDatabaseOutage } from "./outage";
import { pruneMonitoringData } from "./retention";
import { overallStatus, writeSnapshot } from "./snapshot";
import { describeError, SEVERITY_RANK, type CycleContext, type CycleResult } from "./types";

export type { CycleResult } from "./types";
export type CycleOptions = { trigger: "schedule" | "manual" | "cli"; actorUserId?: number | null; now?: Date };

/**
 * One agent cycle: expire lapsed actions, prune old monitoring rows → detect (every detector, each failure recorded) → alerts (dedupe by
 * fingerprint, auto-resolve) → incidents → decide and act under the guardrails → health snapshot. A failing stage
 * is recorded in the snapshot's metadata and the cycle goes on. `now` fixes the cycle's clock (tests, replays).
 * With AGENT_MODE=off a cycle still detects and records alerts, but decides nothing.
 */
export async function runAgentCycle(options: CycleOptions): Promise<CycleResult> {
  const now = options.now ?? new Date();
  const clock = performance.now();
  const config = agentConfig();
  const ctx: CycleContext = { now, mode: config.mode, config, trigger: options.trigger, actorUserId: options.actorUserId ?? null, inputs: cycleInputs(now, config) };
  const empty: CycleResult = {
    ran: false,
    started_at: now.toISOString(),
    finished_at: now.toISOString(),
    mode: config.mode,
    findings: 0,
    alerts_opened: 0,
    alerts_updated: 0,
    alerts_resolved: 0,
    incidents_opened: 0,
    actions_taken: 0,
    actions_pending_approval: 0,
    overall_status: "healthy",
    snapshot_id: null,
  };
  const finished = () => new Date(now.getTime() + Math.round(performance.now() - clock)).toISOString();
  try {
    const locked = await withCycleLock(() => cycle(ctx, empty, clock));
    if (!locked.acquired) return { ...empty, reason: locked.reason, finished_at: finished() };
    return { ...locked.value, finished_at: finished() };
  } catch (error) {
    log.error("agent cycle failed", errorFields(error));
    // remembered in process: the first cycle that reaches the database again raises the critical alert (outage.ts)
    await recordDatabaseUnreachable(now, error, config);
    return { ...empty, reason: "The cycle could not run: the database did not answer.", overall_status: "critical", finished_at: finished() };
  }
}

async function cycle(ctx: CycleContext, empty: CycleResult, clock: number): Promise<CycleResult> {
  const errors: { stage: string; error: string }[] = [];
  async function stage<T>(name: string, fn: () => Promise<T>, fallback: T): Promise<T> {
    try {
      return await fn();
    } catch (error) {
      log.error("agent cycle stage failed", { stage: name, ...errorFields(error), cause: describeError(error) });
      errors.push({ stage: name, error: describeError(error) });
      return fallback;
    }
  }
  const expired = await stage("expire_actions", () => expireActions(ctx.now), 0);
  const pruned = await stage("retention", () => pruneMonitoringData(ctx.now), null);
  const outage = pendingDatabaseOutage();
  const detection = await runDetectors(ctx);
  const changes = await stage<AlertChanges>("alerts", () => applyFindings(ctx, detection), { seen: [], updated: 0, resolved: [] });
  settleDatabaseOutage(changes.seen, outage);
  const opened = await stage<IncidentRow[]>("incidents", () => groupIncidents(ctx, changes), []);
  const incidentsResolved = await stage("resolve_incidents", () => resolveClearedIncidents(ctx), 0);
  const acted = await stage<ActResult>("actions", () => act(ctx, changes.seen, opened), { taken: 0, pendingApproval: 0, outcomes: [] });
  const metadata = {
    trigger: ctx.trigger,
    mode: ctx.mode,
    actor_user_id: ctx.actorUserId,
    findings: detection.findings.map((f) => ({ fingerprint: f.fingerprint, severity: f.severity, detector: f.detector })),
    detector_errors: detection.errors,
    stage_errors: errors,
    actions: acted.outcomes,
    actions_expired: expired,
    pruned,
    incidents_resolved: incidentsResolved,
    duration_ms: Math.round(performance.now() - clock),
  };
  const snapshot = await stage("snapshot", () => writeSnapshot(ctx, metadata), null);
  const worst = detection.findings.reduce<string | null>((w, f) => ((SEVERITY_RANK[f.severity] ?? 0) > (SEVERITY_RANK[w ?? ""] ?? -1) ? f.severity : w), null);
  const result: CycleResult = {
    ...empty,
    ran: true,
    findings: detection.findings.length,
    alerts_opened: changes.seen.filter((s) => s.isNew).length,
    alerts_updated: changes.updated,
    alerts_resolved: changes.resolved.length,
    incidents_opened: opened.length,
    actions_taken: acted.taken,
    actions_pending_approval: acted.pendingApproval,
    overall_status: snapshot?.status ?? overallStatus(worst, []),
    snapshot_id: snapshot?.id ?? null,
  };
  const failures = [...detection.errors.map((e) => ({ source: `detector:${e.detector}`, error: e.error })), ...errors.map((e) => ({ source: `stage:${e.stage}`, error: e.error }))];
  if (failures.length) result.errors = failures;
  if (result.alerts_opened || result.alerts_resolved || result.actions_taken || errors.length || detection.errors.length) {
    log.info("agent cycle", { ...result, detector_errors: detection.errors, stage_errors: errors });
  }
  return result;
}
