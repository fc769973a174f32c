import { jsonResponse } from "@/lib/http/json";
import { withApi } from "@/lib/http/with-api";
import { approveAgentAction } from "@/lib/monitoring/agent/undo";
import { emptyBodySchema, idParams } from "@/lib/monitoring/api/schemas";
import { serializeAction } from "@/lib/monitoring/api/serializers";
import { requestMeta } from "@/lib/security/request-meta";

// POST /api/monitoring/ai-actions/{id}/approve/ — approve and carry out an action waiting for approval; 409 otherwise
export const POST = withApi({ permission: "monitoring:act", params: idParams, body: emptyBodySchema }, async ({ req, principal, params, requestId }) =>
  jsonResponse(serializeAction(await approveAgentAction(principal, params.id, requestMeta(req.headers, requestId)))),
);
