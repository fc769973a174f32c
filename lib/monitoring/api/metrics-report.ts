import "server-only";
import { requestSeries, routeSummaries } from "@/lib/monitoring/request-queries";
import { windowFor } from "@/lib/monitoring/window";
import type { RangeName } from "./schemas";
import { serializeRequestPoint, serializeRouteSummary } from "./serializers";

const TOP_ROUTES = 20;

/** The request series over a preset window, for all routes (with the busiest routes) or one route pattern. */
export async function requestMetricsReport(q: { range: RangeName; route?: string; method?: string }, now = new Date()) {
  const w = windowFor(q.range, now);
  const [series, routes] = await Promise.all([requestSeries(w, { route: q.route, method: q.method }), q.route ? Promise.resolve(null) : routeSummaries(w, TOP_ROUTES)]);
  return {
    range: q.range,
    route: q.route ?? null,
    method: q.method ?? null,
    from: w.from.toISOString(),
    to: w.to.toISOString(),
    step_seconds: w.stepSeconds,
    totals: {
      requests: series.reduce((s, p) => s + p.requests, 0),
      errors: series.reduce((s, p) => s + p.errors, 0),
      client_errors: series.reduce((s, p) => s + p.clientErrors, 0),
    },
    series: series.map(serializeRequestPoint),
    routes: routes ? routes.map(serializeRouteSummary) : null,
  };
}
