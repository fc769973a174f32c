import { jsonResponse } from "@/lib/http/json";
import { withApi } from "@/lib/http/with-api";
import { getActionOrThrow } from "@/lib/monitoring/api/queries";
import { idParams } from "@/lib/monitoring/api/schemas";
import { actionSchema, serializeAction } from "@/lib/monitoring/api/serializers";

// GET /api/monitoring/ai-actions/{id}/ — one action with its evidence and plain-language explanation
export const GET = withApi(
  {
    permission: "monitoring:read",
    params: idParams,
    doc: {
      summary: "Get one of the monitoring agent's actions",
      tags: ["monitoring"],
      responses: { 200: actionSchema },
      errors: [404],
    },
  },
  async ({ params }) => jsonResponse(serializeAction(await getActionOrThrow(params.id))),
);
