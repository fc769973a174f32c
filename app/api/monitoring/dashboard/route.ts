import { jsonResponse } from "@/lib/http/json";
import { withApi } from "@/lib/http/with-api";
import { buildDashboard, dashboardSchema } from "@/lib/monitoring/api/dashboard";
import { rangeQuery } from "@/lib/monitoring/api/schemas";

// GET /api/monitoring/dashboard/ — health, alerts, incidents, actions, tiles, trends (?range=1h|24h|7d), dependencies, IP blocks
export const GET = withApi(
  {
    permission: "monitoring:read",
    query: rangeQuery,
    doc: {
      summary: "Get the monitoring dashboard",
      description:
        "Reads only (it never runs a cycle): the latest health snapshot, the last day's alerts and actions, open incidents, the last 5 minutes' tiles (fleet-wide, up to a flush interval behind), series over `range` (1h, 24h or 7d), this instance's dependency probes and the IP blocks in force. `/api/monitoring/stream/` sends the same body live.",
      tags: ["monitoring"],
      responses: { 200: dashboardSchema },
    },
  },
  async ({ query }) => jsonResponse(await buildDashboard(query.range)),
);
