import { jsonResponse } from "@/lib/http/json";
import { withApi } from "@/lib/http/with-api";
import { buildDashboard } from "@/lib/monitoring/api/dashboard";
import { rangeQuery } from "@/lib/monitoring/api/schemas";

// GET /api/monitoring/dashboard/ — health, alerts, incidents, actions, tiles, trends (?range=1h|24h|7d), dependencies, IP blocks
export const GET = withApi({ permission: "monitoring:read", query: rangeQuery }, async ({ query }) => jsonResponse(await buildDashboard(query.range)));
