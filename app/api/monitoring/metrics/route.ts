import { jsonResponse } from "@/lib/http/json";
import { withApi } from "@/lib/http/with-api";
import { requestMetricsReport } from "@/lib/monitoring/api/metrics-report";
import { metricsQuery } from "@/lib/monitoring/api/schemas";

// GET /api/monitoring/metrics/ — request series (requests, 5xx, error rate, p50/p95/p99) over ?range, all routes or ?route=
export const GET = withApi({ permission: "monitoring:read", query: metricsQuery }, async ({ query }) => jsonResponse(await requestMetricsReport(query)));
