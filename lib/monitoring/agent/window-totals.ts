import { sql } from "drizzle-orm";
import { db, queryRows } from "@/db/client";
import { emptyHistogram } from "@/lib/monitoring/latency-buckets";
import { percentiles, type Percentiles } from "@/lib/monitoring/percentiles";

/** The fleet's requests over one [from, to) range of whole minutes, as one figure: what the threshold rules judge. */
export type WindowTotals = { requests: number; errors: number; errorRate: number; avgMs: number | null } & Percentiles;

export async function windowTotals(from: Date, to: Date): Promise<WindowTotals> {
  const where = sql`minute >= ${from.toISOString()}::timestamptz and minute < ${to.toISOString()}::timestamptz`;
  const [totals, hist] = await Promise.all([
    queryRows<{ requests: string | number | null; errors: string | number | null; latency: string | number | null }>(
      db(),
      sql`select sum(count)::bigint as requests, sum(errors)::bigint as errors, sum(latency_sum_ms)::double precision as latency
          from metric_buckets where ${where}`,
    ),
    queryRows<{ i: string | number; n: string | number }>(
      db(),
      sql`select h.i::integer as i, sum(h.n)::bigint as n
          from metric_buckets, unnest(latency_histogram) with ordinality as h(n, i) where ${where} group by 1`,
    ),
  ]);
  const histogram = emptyHistogram();
  for (const r of hist) histogram[Number(r.i) - 1] = Number(r.n);
  const requests = Number(totals[0]?.requests ?? 0);
  const errors = Number(totals[0]?.errors ?? 0);
  return {
    requests,
    errors,
    errorRate: requests > 0 ? Math.round((errors / requests) * 10_000) / 100 : 0,
    avgMs: requests > 0 ? Math.round((Number(totals[0]?.latency ?? 0) / requests) * 10) / 10 : null,
    ...percentiles(histogram),
  };
}
