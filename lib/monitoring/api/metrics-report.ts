import "server-only";
import { z } from "zod";
import { requestSeries, routeSummaries } from "@/lib/monitoring/request-queries";
import { windowFor } from "@/lib/monitoring/window";
import { isoTimestamp } from "@/lib/openapi/doc";
import { RANGES, type RangeName } from "./schemas";
import { requestPointSchema, routeSummarySchema, serializeRequestPoint, serializeRouteSummary } from "./serializers";

const TOP_ROUTES = 20;

/** GET /api/monitoring/metrics/, as documented. */
export const metricsReportSchema = z.object({
  range: z.enum(RANGES),
  route: z.string().nullable().describe("The route pattern asked for; null for all routes"),
  method: z.string().nullable().describe("The method asked for; null for all methods"),
  from: isoTimestamp,
  to: isoTimestamp,
  step_seconds: z.number().int(),
  totals: z.object({ requests: z.number().int(), errors: z.number().int().describe("Answered 5xx"), client_errors: z.number().int().describe("Answered 4xx") }),
  series: z.array(requestPointSchema),
  routes: z.array(routeSummarySchema).nullable().describe(`The ${TOP_ROUTES} busiest routes; null when one route was asked for`),
});

/** The request series over a preset window, for all routes (with the busiest routes) or one route pattern. */
export async function requestMetricsReport(q: { range: RangeName; route?: string; method?: string }, now = new Date()): Promise<z.input<typeof metricsReportSchema>> {
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
