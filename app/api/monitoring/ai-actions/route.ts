import { jsonResponse } from "@/lib/http/json";
import { buildPage } from "@/lib/http/pagination";
import { withApi } from "@/lib/http/with-api";
import { listActions } from "@/lib/monitoring/api/queries";
import { actionListQuery } from "@/lib/monitoring/api/schemas";
import { actionSchema, serializeAction } from "@/lib/monitoring/api/serializers";
import { paginated } from "@/lib/openapi/doc";

// GET /api/monitoring/ai-actions/ — the agent's actions, newest first; filters action_type, status; paginated
export const GET = withApi(
  {
    permission: "monitoring:read",
    query: actionListQuery,
    doc: {
      summary: "List the monitoring agent's actions",
      description: "Newest first, filtered by `action_type` and `status`. Each action carries its evidence and a plain-language explanation.",
      tags: ["monitoring"],
      responses: { 200: paginated(actionSchema) },
      errors: [404],
    },
  },
  async ({ query, url }) => {
    const { count, rows } = await listActions(query);
    return jsonResponse(buildPage(url.href, query.page, query.page_size, count, rows.map(serializeAction)));
  },
);
