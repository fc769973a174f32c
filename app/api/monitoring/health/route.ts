import { jsonResponse } from "@/lib/http/json";
import { buildPage } from "@/lib/http/pagination";
import { withApi } from "@/lib/http/with-api";
import { listHealthSnapshots } from "@/lib/monitoring/api/queries";
import { healthListQuery } from "@/lib/monitoring/api/schemas";
import { healthSnapshotSchema, serializeHealth } from "@/lib/monitoring/api/serializers";
import { paginated } from "@/lib/openapi/doc";

// GET /api/monitoring/health/ — the agent's health snapshots, newest first, paginated
export const GET = withApi(
  {
    permission: "monitoring:read",
    query: healthListQuery,
    doc: {
      summary: "List health snapshots",
      description: "One snapshot per agent cycle, newest first.",
      tags: ["monitoring"],
      responses: { 200: paginated(healthSnapshotSchema) },
      errors: [404],
    },
  },
  async ({ query, url }) => {
    const { count, rows } = await listHealthSnapshots(query);
    return jsonResponse(buildPage(url.href, query.page, query.page_size, count, rows.map(serializeHealth)));
  },
);
