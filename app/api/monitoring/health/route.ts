import { jsonResponse } from "@/lib/http/json";
import { buildPage } from "@/lib/http/pagination";
import { withApi } from "@/lib/http/with-api";
import { listHealthSnapshots } from "@/lib/monitoring/api/queries";
import { healthListQuery } from "@/lib/monitoring/api/schemas";
import { serializeHealth } from "@/lib/monitoring/api/serializers";

// GET /api/monitoring/health/ — the agent's health snapshots, newest first, paginated
export const GET = withApi({ permission: "monitoring:read", query: healthListQuery }, async ({ query, url }) => {
  const { count, rows } = await listHealthSnapshots(query);
  return jsonResponse(buildPage(url.href, query.page, query.page_size, count, rows.map(serializeHealth)));
});
