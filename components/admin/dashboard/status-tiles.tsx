import { count, decimal, utcTime } from "./format";
import type { Dashboard } from "./types";

const TONES = {
  ok: "border-emerald-200 bg-emerald-50",
  warn: "border-amber-200 bg-amber-50",
  bad: "border-rose-200 bg-rose-50",
  none: "border-slate-200 bg-white",
} as const;
type Tone = keyof typeof TONES;

const HEALTH_TONE: Record<string, Tone> = { healthy: "ok", degraded: "warn", warning: "warn", unhealthy: "bad", critical: "bad" };

function Tile({ id, label, value, note, tone = "none" }: { id: string; label: string; value: string; note: string; tone?: Tone }) {
  return (
    <div data-testid={`tile-${id}`} className={`flex min-h-24 flex-col justify-between rounded-lg border p-3 ${TONES[tone]}`}>
      <dt className="text-xs font-semibold tracking-wide text-slate-600 uppercase">{label}</dt>
      <dd data-testid={`tile-${id}-value`} className="text-2xl font-semibold text-slate-900 tabular-nums">
        {value}
      </dd>
      <dd className="truncate text-xs text-slate-500" title={note}>
        {note}
      </dd>
    </div>
  );
}

/**
 * The tiles: the agent's latest verdict and the last minutes' traffic (metrics_summary, fleet-wide), then what is
 * open. Fixed heights, tabular figures: values change in place without moving the page.
 */
export function StatusTiles({ data }: { data: Dashboard }) {
  const m = data.metrics_summary;
  const health = data.current_health;
  const window = `last ${m.window_minutes} min`;
  return (
    <dl aria-label="Status" className="grid grid-cols-2 gap-3 sm:grid-cols-4 2xl:grid-cols-7">
      <Tile
        id="overall-health"
        label="Overall health"
        value={health ? health.overall_status : "unknown"}
        note={health ? `agent cycle ${utcTime(health.timestamp)}` : "no agent cycle yet"}
        tone={health ? (HEALTH_TONE[health.overall_status] ?? "warn") : "none"}
      />
      <Tile id="requests-per-minute" label="Requests/min" value={decimal(m.requests_per_minute)} note={`${count(m.requests)} requests, ${window}`} />
      <Tile id="p95-latency" label="p95 latency" value={m.p95_ms === null ? "—" : `${decimal(m.p95_ms, 0)} ms`} note={`p50 ${decimal(m.p50_ms, 0)} · p99 ${decimal(m.p99_ms, 0)} ms`} />
      <Tile
        id="error-rate"
        label="Error rate"
        value={`${decimal(m.error_rate, 2)} %`}
        note={`${count(m.errors)} server errors (5xx), ${window}`}
        tone={m.error_rate >= 10 ? "bad" : m.error_rate >= 5 ? "warn" : "none"}
      />
      <Tile id="open-alerts" label="Open alerts" value={count(m.open_alerts)} note={`${count(m.unacknowledged_alerts)} unacknowledged · ${count(m.critical_alerts)} critical`} tone={m.critical_alerts > 0 ? "bad" : m.open_alerts > 0 ? "warn" : "none"} />
      <Tile id="open-incidents" label="Open incidents" value={count(m.open_incidents)} note="open or investigating" tone={m.open_incidents > 0 ? "warn" : "none"} />
      <Tile id="blocked-ips" label="Blocked IPs" value={count(m.blocked_ips)} note="blocks in force at the edge" />
    </dl>
  );
}
