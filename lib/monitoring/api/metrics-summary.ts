import "server-only";
import { sql } from "drizzle-orm";
import { z } from "zod";
import { db, queryRows } from "@/db/client";
import { emptyHistogram } from "@/lib/monitoring/latency-buckets";
import { percentiles } from "@/lib/monitoring/percentiles";
import { minuteOf } from "@/lib/monitoring/request-metrics";
import { securityCounts } from "@/lib/monitoring/security-signals";
import { isoTimestamp } from "@/lib/openapi/doc";

/**
 * The dashboard's tiles over the last SUMMARY_MINUTES: the current minute (in progress) and the whole minutes
 * before it, fleet-wide (metric_buckets, so what instances flushed: up to METRICS_FLUSH_SECONDS behind).
 * Rates per minute divide by the minutes elapsed since the window started. Error rate = 5xx / requests (%).
 */
export const SUMMARY_MINUTES = 5;

const ms = z.number().nullable().describe("Milliseconds; null when there were no requests");

/** The tiles, as documented (the dashboard adds its alert, incident and IP-block counts). */
export const metricsSummarySchema = z.object({
  window_minutes: z.number().int(),
  from: isoTimestamp,
  to: isoTimestamp,
  requests: z.number().int(),
  errors: z.number().int().describe("Answered 5xx"),
  requests_per_minute: z.number(),
  error_rate: z.number().describe("Percent of requests answered 5xx"),
  avg_ms: ms,
  p50_ms: ms,
  p95_ms: ms,
  p99_ms: ms,
  failed_logins: z.number().int(),
  rate_limit_denials: z.number().int(),
  orders: z.number().int(),
  orders_per_minute: z.number(),
});

const n = (v: number | string | null | undefined) => Number(v ?? 0);
const round1 = (v: number) => Math.round(v * 10) / 10;

export async function metricsSummary(now = new Date()): Promise<z.input<typeof metricsSummarySchema>> {
  const from = new Date(minuteOf(now.getTime()) - (SUMMARY_MINUTES - 1) * 60_000);
  const to = new Date(minuteOf(now.getTime()) + 60_000);
  const minutes = Math.max(1, (now.getTime() - from.getTime()) / 60_000);
  const where = sql`minute >= ${from.toISOString()}::timestamptz and minute < ${to.toISOString()}::timestamptz`;
  const [totals, hist, security, orders] = await Promise.all([
    queryRows<{ requests: string | number; errors: string | number; latency_sum: string | number | null }>(
      db(),
      sql`select coalesce(sum(count), 0)::bigint as requests, coalesce(sum(errors), 0)::bigint as errors,
            coalesce(sum(latency_sum_ms), 0)::double precision as latency_sum
          from metric_buckets where ${where}`,
    ),
    queryRows<{ i: string | number; n: string | number }>(
      db(),
      sql`select h.i::integer as i, sum(h.n)::bigint as n
          from metric_buckets, unnest(latency_histogram) with ordinality as h(n, i) where ${where} group by 1`,
    ),
    securityCounts({ from, to: now, stepSeconds: SUMMARY_MINUTES * 60 }),
    queryRows<{ n: string | number }>(
      db(),
      sql`select count(*) as n from orders where created_at >= ${from.toISOString()}::timestamptz and created_at < ${now.toISOString()}::timestamptz`,
    ),
  ]);
  const histogram = emptyHistogram();
  for (const r of hist) histogram[n(r.i) - 1] = (histogram[n(r.i) - 1] ?? 0) + n(r.n);
  const requests = n(totals[0]?.requests);
  const errors = n(totals[0]?.errors);
  const p = percentiles(histogram);
  return {
    window_minutes: SUMMARY_MINUTES,
    from: from.toISOString(),
    to: now.toISOString(),
    requests,
    errors,
    requests_per_minute: round1(requests / minutes),
    error_rate: requests > 0 ? Math.round((errors / requests) * 10_000) / 100 : 0,
    avg_ms: requests > 0 ? round1(n(totals[0]?.latency_sum) / requests) : null,
    p50_ms: p.p50,
    p95_ms: p.p95,
    p99_ms: p.p99,
    failed_logins: security.failedLogins,
    rate_limit_denials: security.rateLimitDenials,
    orders: n(orders[0]?.n),
    orders_per_minute: round1(n(orders[0]?.n) / minutes),
  };
}
export type MetricsSummary = z.input<typeof metricsSummarySchema>;
