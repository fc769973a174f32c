import { jsonResponse } from "@/lib/http/json";
import { withApi } from "@/lib/http/with-api";
import { getActionOrThrow } from "@/lib/monitoring/api/queries";
import { idParams } from "@/lib/monitoring/api/schemas";
import { serializeAction } from "@/lib/monitoring/api/serializers";

// GET /api/monitoring/ai-actions/{id}/ — one action with its evidence and plain-language explanation
export const GET = withApi({ permission: "monitoring:read", params: idParams }, async ({ params }) => jsonResponse(serializeAction(await getActionOrThrow(params.id))));
