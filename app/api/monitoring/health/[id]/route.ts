import { jsonResponse } from "@/lib/http/json";
import { withApi } from "@/lib/http/with-api";
import { getHealthSnapshotOrThrow } from "@/lib/monitoring/api/queries";
import { idParams } from "@/lib/monitoring/api/schemas";
import { healthSnapshotSchema, serializeHealth } from "@/lib/monitoring/api/serializers";

// GET /api/monitoring/health/{id}/ — one health snapshot
export const GET = withApi(
  {
    permission: "monitoring:read",
    params: idParams,
    doc: {
      summary: "Get a health snapshot",
      tags: ["monitoring"],
      responses: { 200: healthSnapshotSchema },
      errors: [404],
    },
  },
  async ({ params }) => jsonResponse(serializeHealth(await getHealthSnapshotOrThrow(params.id))),
);
