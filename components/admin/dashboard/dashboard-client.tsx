"use client";

import { useState } from "react";
import { triggerMonitoringAction } from "@/lib/monitoring/dashboard-actions";
import { ActionForm } from "./action-form";
import { ActionList } from "./action-list";
import { AlertList } from "./alert-list";
import { BlockedIpList, DependencyList } from "./dependency-list";
import { utcTime } from "./format";
import { IncidentList } from "./incident-list";
import { StatusTiles } from "./status-tiles";
import { TrendCharts } from "./trend-charts";
import { RANGE_LABELS, type ActionKindInfo, type Dashboard, type RangeName } from "./types";
import { useLiveDashboard, type LiveStatus } from "./use-live-dashboard";

const RANGES = Object.keys(RANGE_LABELS) as RangeName[];

function statusText(s: LiveStatus): string {
  switch (s.state) {
    case "connecting":
      return "Connecting to the live stream…";
    case "live":
      return "Live";
    case "reconnecting":
      return `Stream interrupted: reconnecting in ${s.inSeconds} s`;
    case "polling":
      return "Stream unavailable: refreshing every 10 s";
    case "stopped":
      return `Stopped: ${s.detail}`;
  }
}

function Section({ id, title, children, aside }: { id: string; title: string; children: React.ReactNode; aside?: React.ReactNode }) {
  return (
    <section aria-labelledby={`${id}-heading`} className="space-y-3">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 id={`${id}-heading`} className="text-lg font-semibold">
          {title}
        </h2>
        {aside}
      </div>
      {children}
    </section>
  );
}

/**
 * The live monitoring dashboard. Starts from the snapshot the page loaded on the server, then follows the stream
 * (use-live-dashboard.ts). Everything the agent or an admin wrote (titles, messages, explanations, evidence) is
 * rendered as React text, never as markup.
 */
export function DashboardClient({ initial, canAct, actionKinds }: { initial: Dashboard | null; canAct: boolean; actionKinds: Record<string, ActionKindInfo> }) {
  const [range, setRange] = useState<RangeName>(initial?.trends.range ?? "1h");
  const { data, status, refresh } = useLiveDashboard(initial, range);

  return (
    <div className="space-y-8">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div>
          <h1 className="text-2xl font-bold">Monitoring</h1>
          <p className="text-sm text-slate-600">
            <span role="status" data-testid="live-status" data-state={status.state}>
              {statusText(status)}
            </span>
            {data && <span data-testid="generated-at"> · updated {utcTime(data.generated_at)}</span>}
          </p>
        </div>
        {canAct && <ActionForm action={triggerMonitoringAction} label="Run monitoring" buttons={[{ label: "Run monitoring now", pendingLabel: "Running…", primary: true }]} onDone={refresh} />}
      </div>

      {!data ? (
        <p className="rounded border border-amber-200 bg-amber-50 p-4 text-amber-900">The dashboard could not be read yet; it appears as soon as the live stream answers.</p>
      ) : (
        <>
          <StatusTiles data={data} />

          <Section
            id="trends"
            title="Trends"
            aside={
              <div role="group" aria-label="Time range" className="inline-flex overflow-hidden rounded-md border border-slate-300">
                {RANGES.map((r) => (
                  <button
                    key={r}
                    type="button"
                    aria-pressed={range === r}
                    onClick={() => setRange(r)}
                    className={`px-3 py-1 text-sm ${range === r ? "bg-slate-800 text-white" : "bg-white text-slate-800 hover:bg-slate-100"}`}
                  >
                    {RANGE_LABELS[r]}
                  </button>
                ))}
              </div>
            }
          >
            {data.trends.range !== range && <p className="text-xs text-slate-500">Loading {RANGE_LABELS[range]}…</p>}
            <TrendCharts trends={data.trends} />
          </Section>

          <div className="grid gap-8 xl:grid-cols-2">
            <Section id="alerts" title="Alerts (last 24 h)">
              <AlertList alerts={data.recent_alerts} canAct={canAct} onChanged={refresh} />
            </Section>
            <Section id="actions" title="Agent actions (last 24 h)">
              <ActionList actions={data.recent_actions} kinds={actionKinds} now={data.generated_at} canAct={canAct} onChanged={refresh} />
            </Section>
            <Section id="incidents" title="Open incidents">
              <IncidentList incidents={data.active_incidents} />
            </Section>
            <div className="space-y-8">
              <Section id="dependencies" title="Dependencies">
                <DependencyList probes={data.dependencies} />
              </Section>
              <Section id="blocked" title="Blocked IP addresses">
                <BlockedIpList blocked={data.blocked_ips} />
              </Section>
            </div>
          </div>
        </>
      )}
    </div>
  );
}
