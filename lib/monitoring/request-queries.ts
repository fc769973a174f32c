import { sql } from "drizzle-orm";
import { db, queryRows } from "@/db/client";
import { emptyHistogram } from "./latency-buckets";
import { percentiles, type Percentiles } from "./percentiles";
import { CLIENT_ERROR_CLASSES } from "./request-metrics";
import { stepStarts, type SignalWindow } from "./window";

/**
 * Reads of metric_buckets (the fleet's totals): series and per-route summaries with percentiles computed from the
 * summed histograms. Every query is bounded by `minute` (metric_buckets_minute_idx, or the primary key).
 * Error rate = 5xx / requests. Client errors (401, 403, 404, 429, other 4xx) are reported apart, never as errors.
 */
export type RequestPoint = {
  t: string;
  requests: number;
  errors: number;
  errorRate: number;
  clientErrors: number;
  avgMs: number | null;
} & Percentiles;

export type RouteSummary = {
  route: string;
  method: string;
  requests: number;
  errors: number;
  errorRate: number;
  byClass: Record<string, number>;
  avgMs: number | null;
} & Percentiles;

type TotalsRow = { t: number | string; requests: number | string; errors: number | string; client_errors: number | string; latency_sum: number | string };
type HistRow = { t: number | string; i: number | string; n: number | string };

const rate = (errors: number, requests: number) => (requests > 0 ? Math.round((errors / requests) * 10_000) / 100 : 0);
const avg = (sum: number, n: number) => (n > 0 ? Math.round((sum / n) * 10) / 10 : null);
const clientClasses = sql.join(CLIENT_ERROR_CLASSES.map((c) => sql`${c}`), sql`, `);

/**
 * Requests, 5xx errors, error rate (%), client errors and p50/p95/p99 per step of the window, zero-filled; all
 * routes, or one route pattern (and optionally one method).
 */
export async function requestSeries(w: SignalWindow, filter: { route?: string; method?: string } = {}): Promise<RequestPoint[]> {
  const step = w.stepSeconds;
  const where = sql`minute >= ${w.from.toISOString()}::timestamptz and minute < ${w.to.toISOString()}::timestamptz
    ${filter.route ? sql`and route = ${filter.route}` : sql``} ${filter.method ? sql`and method = ${filter.method}` : sql``}`;
  const bucket = sql`(floor(extract(epoch from minute) / ${step}::integer) * ${step}::integer)::bigint`;
  const [totals, hist] = await Promise.all([
    queryRows<TotalsRow>(
      db(),
      sql`select ${bucket} as t, sum(count)::bigint as requests, sum(errors)::bigint as errors,
            sum(case when status_class in (${clientClasses}) then count else 0 end)::bigint as client_errors,
            sum(latency_sum_ms)::double precision as latency_sum
          from metric_buckets where ${where} group by 1`,
    ),
    queryRows<HistRow>(
      db(),
      sql`select ${bucket} as t, h.i::integer as i, sum(h.n)::bigint as n
          from metric_buckets, unnest(latency_histogram) with ordinality as h(n, i)
          where ${where} group by 1, 2`,
    ),
  ]);
  const histograms = new Map<number, number[]>();
  for (const r of hist) {
    const t = Number(r.t) * 1000;
    const h = histograms.get(t) ?? emptyHistogram();
    h[Number(r.i) - 1] = (h[Number(r.i) - 1] ?? 0) + Number(r.n);
    histograms.set(t, h);
  }
  const byStep = new Map(totals.map((r) => [Number(r.t) * 1000, r]));
  return stepStarts(w).map((t) => {
    const r = byStep.get(t);
    const requests = Number(r?.requests ?? 0);
    const errors = Number(r?.errors ?? 0);
    return {
      t: new Date(t).toISOString(),
      requests,
      errors,
      errorRate: rate(errors, requests),
      clientErrors: Number(r?.client_errors ?? 0),
      avgMs: avg(Number(r?.latency_sum ?? 0), requests),
      ...percentiles(histograms.get(t) ?? emptyHistogram()),
    };
  });
}

type RouteRow = { route: string; method: string; status_class: string; requests: number | string; errors: number | string; latency_sum: number | string };
type RouteHistRow = { route: string; method: string; i: number | string; n: number | string };

/**
 * Per route pattern and method over the whole window, busiest first: requests, errors, error rate, counts per
 * status class and percentiles. `limit` bounds the routes returned.
 */
export async function routeSummaries(w: SignalWindow, limit = 50): Promise<RouteSummary[]> {
  const where = sql`minute >= ${w.from.toISOString()}::timestamptz and minute < ${w.to.toISOString()}::timestamptz`;
  const [rows, hist] = await Promise.all([
    queryRows<RouteRow>(
      db(),
      sql`select route, method, status_class, sum(count)::bigint as requests, sum(errors)::bigint as errors,
            sum(latency_sum_ms)::double precision as latency_sum
          from metric_buckets where ${where} group by route, method, status_class`,
    ),
    queryRows<RouteHistRow>(
      db(),
      sql`select route, method, h.i::integer as i, sum(h.n)::bigint as n
          from metric_buckets, unnest(latency_histogram) with ordinality as h(n, i)
          where ${where} group by route, method, h.i`,
    ),
  ]);
  type Acc = RouteSummary & { latencySum: number; histogram: number[] };
  const byRoute = new Map<string, Acc>();
  const entry = (route: string, method: string): Acc => {
    const key = `${method} ${route}`;
    let s = byRoute.get(key);
    if (!s) {
      s = { route, method, requests: 0, errors: 0, errorRate: 0, byClass: {}, avgMs: null, p50: null, p95: null, p99: null, latencySum: 0, histogram: emptyHistogram() };
      byRoute.set(key, s);
    }
    return s;
  };
  for (const r of rows) {
    const s = entry(r.route, r.method);
    s.requests += Number(r.requests);
    s.errors += Number(r.errors);
    s.latencySum += Number(r.latency_sum);
    s.byClass[r.status_class] = (s.byClass[r.status_class] ?? 0) + Number(r.requests);
  }
  for (const r of hist) {
    const s = entry(r.route, r.method);
    s.histogram[Number(r.i) - 1] = (s.histogram[Number(r.i) - 1] ?? 0) + Number(r.n);
  }
  return [...byRoute.values()]
    .sort((a, b) => b.requests - a.requests)
    .slice(0, limit)
    .map(({ latencySum, histogram, ...s }) => ({ ...s, errorRate: rate(s.errors, s.requests), avgMs: avg(latencySum, s.requests), ...percentiles(histogram) }));
}

/** Requests per status class over the window, all routes (the overall 401/403/404/429 counts). */
export async function statusClassTotals(w: SignalWindow): Promise<Record<string, number>> {
  const rows = await queryRows<{ status_class: string; n: number | string }>(
    db(),
    sql`select status_class, sum(count)::bigint as n from metric_buckets
        where minute >= ${w.from.toISOString()}::timestamptz and minute < ${w.to.toISOString()}::timestamptz
        group by status_class`,
  );
  return Object.fromEntries(rows.map((r) => [r.status_class, Number(r.n)]));
}
