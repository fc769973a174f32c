import { env } from "@/lib/env";
import { withApi } from "@/lib/http/with-api";
import { rangeQuery } from "@/lib/monitoring/api/schemas";
import { dashboardStream } from "@/lib/monitoring/api/stream";

// GET /api/monitoring/stream/ — Server-Sent Events: `dashboard` every MONITOR_STREAM_SECONDS; the session re-checked as it runs
export const GET = withApi({ permission: "monitoring:read", query: rangeQuery }, ({ req, query }) =>
  dashboardStream(req, { range: query.range, intervalMs: env().MONITOR_STREAM_SECONDS * 1000 }),
);
