"use client";

import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { count, decimal, tickLabel } from "./format";
import type { Dashboard } from "./types";

type Point = { t: string; label: string; requests: number; errors: number; p50: number | null; p95: number | null; p99: number | null; failed_logins: number; orders: number };

const RANGE_WORDS: Record<string, string> = { "1h": "the last hour", "24h": "the last 24 hours", "7d": "the last 7 days" };

/** The series of trends, merged on their step start; request and order counts as per-minute rates of each step. */
function points(trends: Dashboard["trends"]): Point[] {
  const perMinute = trends.step_seconds / 60;
  const rate = (n: number) => Math.round((n / perMinute) * 10) / 10;
  const byT = new Map<string, Point>();
  const at = (t: string) => {
    let p = byT.get(t);
    if (!p) {
      p = { t, label: tickLabel(t, trends.step_seconds), requests: 0, errors: 0, p50: null, p95: null, p99: null, failed_logins: 0, orders: 0 };
      byT.set(t, p);
    }
    return p;
  };
  for (const r of trends.requests) Object.assign(at(r.t), { requests: rate(r.requests), errors: rate(r.errors), p50: r.p50, p95: r.p95, p99: r.p99 });
  for (const f of trends.failed_logins) at(f.t).failed_logins = f.failures;
  for (const o of trends.orders) at(o.t).orders = rate(o.orders);
  return [...byT.values()].sort((a, b) => (a.t < b.t ? -1 : a.t > b.t ? 1 : 0));
}

type Series = { key: keyof Point; name: string; color: string };

/**
 * One chart in a fixed-height box (nothing moves while data streams in), animation off so updates replace the
 * lines in place. The caption says in words what the chart shows, for screen readers and for the tests.
 */
function TrendChart({ id, title, caption, data, series, unit }: { id: string; title: string; caption: string; data: Point[]; series: Series[]; unit?: string }) {
  return (
    <figure data-testid={`chart-${id}`} className="rounded-lg border border-slate-200 bg-white p-3">
      <h3 className="text-sm font-semibold text-slate-800">{title}</h3>
      <div className="mt-2 h-56 w-full">
        <ResponsiveContainer width="100%" height="100%" initialDimension={{ width: 480, height: 224 }}>
          <LineChart data={data} margin={{ top: 4, right: 12, bottom: 0, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
            <XAxis dataKey="label" tick={{ fontSize: 11 }} minTickGap={24} />
            <YAxis tick={{ fontSize: 11 }} width={44} allowDecimals unit={unit} />
            <Tooltip isAnimationActive={false} />
            <Legend wrapperStyle={{ fontSize: 12 }} />
            {series.map((s) => (
              <Line key={s.key} type="monotone" dataKey={s.key} name={s.name} stroke={s.color} dot={false} strokeWidth={2} isAnimationActive={false} connectNulls />
            ))}
          </LineChart>
        </ResponsiveContainer>
      </div>
      <figcaption data-testid={`chart-${id}-caption`} className="mt-1 text-xs text-slate-600">
        {caption}
      </figcaption>
    </figure>
  );
}

export function TrendCharts({ trends }: { trends: Dashboard["trends"] }) {
  const data = points(trends);
  const over = RANGE_WORDS[trends.range] ?? trends.range;
  const step = trends.step_seconds >= 3600 ? `${trends.step_seconds / 3600} h` : `${trends.step_seconds / 60} min`;
  const sum = (f: (r: Dashboard["trends"]["requests"][number]) => number) => trends.requests.reduce((s, r) => s + f(r), 0);
  const requests = sum((r) => r.requests);
  const errors = sum((r) => r.errors);
  const worstP95 = trends.requests.reduce<number | null>((m, r) => (r.p95 !== null && (m === null || r.p95 > m) ? r.p95 : m), null);
  const failed = trends.failed_logins.reduce((s, f) => s + f.failures, 0);
  const orders = trends.orders.reduce((s, o) => s + o.orders, 0);
  const perStep = `per minute (average of each ${step} step)`;
  return (
    <div className="grid gap-4 lg:grid-cols-2">
      <TrendChart
        id="requests"
        title="Requests and server errors per minute"
        caption={`Over ${over}: ${count(requests)} requests, ${count(errors)} server errors (5xx); ${perStep}.`}
        data={data}
        series={[
          { key: "requests", name: "Requests/min", color: "#2563eb" },
          { key: "errors", name: "5xx errors/min", color: "#e11d48" },
        ]}
      />
      <TrendChart
        id="latency"
        title="Latency percentiles"
        caption={`Over ${over}: highest p95 of a ${step} step ${worstP95 === null ? "— (no requests)" : `${decimal(worstP95, 0)} ms`}.`}
        data={data}
        unit=" ms"
        series={[
          { key: "p50", name: "p50", color: "#16a34a" },
          { key: "p95", name: "p95", color: "#d97706" },
          { key: "p99", name: "p99", color: "#dc2626" },
        ]}
      />
      <TrendChart
        id="failed-logins"
        title="Failed sign-ins"
        caption={`Over ${over}: ${count(failed)} failed sign-ins; per ${step} step.`}
        data={data}
        series={[{ key: "failed_logins", name: `Failed sign-ins per ${step}`, color: "#7c3aed" }]}
      />
      <TrendChart
        id="orders"
        title="Orders per minute"
        caption={`Over ${over}: ${count(orders)} orders; ${perStep}.`}
        data={data}
        series={[{ key: "orders", name: "Orders/min", color: "#0891b2" }]}
      />
    </div>
  );
}
