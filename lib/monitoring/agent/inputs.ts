import { auditChainStatus } from "@/lib/monitoring/audit-chain-status";
import type { AgentConfig } from "@/lib/monitoring/config";
import { collectHealth } from "@/lib/monitoring/health-probes";
import { requestSeries, routeSummaries } from "@/lib/monitoring/request-queries";
import { bruteForceCandidates, failedLoginSeries, recentSecurityEvents, stuffingCandidates } from "@/lib/monitoring/security-signals";
import type { SignalWindow } from "@/lib/monitoring/window";
import { windowTotals } from "./window-totals";

/**
 * What the detectors read, each fetched once per cycle on first use (so a failing source fails only the detectors
 * that need it). The windows, all relative to the cycle's `now`:
 * - recent: the last N whole minutes including the current one (threshold rules on error rate and latency);
 * - baseline: the M complete minutes before the last complete minute, plus that minute (statistical detectors:
 *   the last complete minute is judged against the M before it; the minute in progress is left out);
 * - security: the last K minutes up to now (audit-log rules).
 */
type Lazy<T> = () => Promise<T>;
function lazy<T>(load: () => Promise<T>): Lazy<T> {
  let p: Promise<T> | undefined;
  return () => (p ??= load());
}

export type TimeRange = { from: Date; to: Date; label: string };
const range = (from: number, to: number, what: string): TimeRange => ({
  from: new Date(from),
  to: new Date(to),
  label: `${what} (${new Date(from).toISOString()} – ${new Date(to).toISOString()})`,
});

export function cycleInputs(now: Date, c: AgentConfig) {
  const minute = Math.floor(now.getTime() / 60_000) * 60_000;
  const windows = {
    recent: range(minute - (c.windowMinutes - 1) * 60_000, minute + 60_000, `last ${c.windowMinutes} min`),
    baseline: range(minute - (c.baselineMinutes + 1) * 60_000, minute, `${c.baselineMinutes} min before the last complete minute, and that minute`),
    security: range(now.getTime() - c.security.windowMinutes * 60_000, now.getTime() + 1, `last ${c.security.windowMinutes} min`),
  };
  const signal = (r: TimeRange): SignalWindow => ({ from: r.from, to: r.to, stepSeconds: 60 });
  return {
    windows,
    health: lazy(() => collectHealth()),
    auditChain: lazy(() => auditChainStatus()),
    recentTotals: lazy(() => windowTotals(windows.recent.from, windows.recent.to)),
    recentRoutes: lazy(() => routeSummaries(signal(windows.recent), 500)),
    series: lazy(() => requestSeries(signal(windows.baseline))),
    failedLoginSeries: lazy(() => failedLoginSeries(signal(windows.baseline))),
    stuffing: lazy(() => stuffingCandidates(signal(windows.security), 50)),
    bruteForce: lazy(() => bruteForceCandidates(signal(windows.security), 50)),
    securityEvents: lazy(() => recentSecurityEvents(signal(windows.security), 200)),
  };
}

export type CycleInputs = ReturnType<typeof cycleInputs>;
