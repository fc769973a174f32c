import { jsonResponse } from "@/lib/http/json";
import { buildPage } from "@/lib/http/pagination";
import { withApi } from "@/lib/http/with-api";
import { listActions } from "@/lib/monitoring/api/queries";
import { actionListQuery } from "@/lib/monitoring/api/schemas";
import { serializeAction } from "@/lib/monitoring/api/serializers";

// GET /api/monitoring/ai-actions/ — the agent's actions, newest first; filters action_type, status; paginated
export const GET = withApi({ permission: "monitoring:read", query: actionListQuery }, async ({ query, url }) => {
  const { count, rows } = await listActions(query);
  return jsonResponse(buildPage(url.href, query.page, query.page_size, count, rows.map(serializeAction)));
});
