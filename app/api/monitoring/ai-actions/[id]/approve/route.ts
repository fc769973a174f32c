import { jsonResponse } from "@/lib/http/json";
import { withApi } from "@/lib/http/with-api";
import { approveAgentAction } from "@/lib/monitoring/agent/undo";
import { emptyBodySchema, idParams } from "@/lib/monitoring/api/schemas";
import { actionSchema, serializeAction } from "@/lib/monitoring/api/serializers";
import { requestMeta } from "@/lib/security/request-meta";

// POST /api/monitoring/ai-actions/{id}/approve/ — approve and carry out an action waiting for approval; 409 otherwise
export const POST = withApi(
  {
    permission: "monitoring:act",
    params: idParams,
    body: emptyBodySchema,
    doc: {
      summary: "Approve and carry out an agent action",
      description:
        "For an action waiting for approval (`awaiting_approval`, e.g. read-only mode): it is carried out now, for its planned duration from now. Audited (`AGENT_ACTION_APPROVED`). 409 when it is not waiting, its time to approve has passed, or it cannot be applied from here. The body is an empty object. Works in read-only mode.",
      tags: ["monitoring"],
      responses: { 200: actionSchema },
      errors: [404, 409],
    },
  },
  async ({ req, principal, params, requestId }) =>
    jsonResponse(serializeAction(await approveAgentAction(principal, params.id, requestMeta(req.headers, requestId)))),
);
