import { jsonResponse } from "@/lib/http/json";
import { withApi } from "@/lib/http/with-api";
import { metricsReportSchema, requestMetricsReport } from "@/lib/monitoring/api/metrics-report";
import { metricsQuery } from "@/lib/monitoring/api/schemas";

// GET /api/monitoring/metrics/ — request series (requests, 5xx, error rate, p50/p95/p99) over ?range, all routes or ?route=
export const GET = withApi(
  {
    permission: "monitoring:read",
    query: metricsQuery,
    doc: {
      summary: "Get request metrics",
      description:
        "Requests, 5xx, 4xx, error rate and latency percentiles per step over `range` (1h, 24h or 7d), fleet-wide: for all routes (with the busiest routes) or one route pattern (`route`, e.g. `/api/products/[id]/`), optionally one `method`.",
      tags: ["monitoring"],
      responses: { 200: metricsReportSchema },
    },
  },
  async ({ query }) => jsonResponse(await requestMetricsReport(query)),
);
