import { jsonResponse } from "@/lib/http/json";
import { withApi } from "@/lib/http/with-api";
import { undoAgentAction } from "@/lib/monitoring/agent/undo";
import { emptyBodySchema, idParams } from "@/lib/monitoring/api/schemas";
import { actionSchema, serializeAction } from "@/lib/monitoring/api/serializers";
import { requestMeta } from "@/lib/security/request-meta";

// POST /api/monitoring/ai-actions/{id}/undo/ — undo an action still in effect (block lifted, account unlocked …); 409 otherwise
export const POST = withApi(
  {
    permission: "monitoring:act",
    params: idParams,
    body: emptyBodySchema,
    doc: {
      summary: "Undo an agent action",
      description:
        "Reverses an action still in effect (IP block lifted, account unlocked, rate limit restored, read-only mode ended) and marks it `rolled_back`. Audited (`AGENT_ACTION_UNDONE`). 409 when it was already undone, cannot be undone (sessions revoked, cache revalidated, notification sent), changed nothing (dry run, waiting for approval) or has expired. The body is an empty object. Works in read-only mode.",
      tags: ["monitoring"],
      responses: { 200: actionSchema },
      errors: [404, 409],
    },
  },
  async ({ req, principal, params, requestId }) =>
    jsonResponse(serializeAction(await undoAgentAction(principal, params.id, requestMeta(req.headers, requestId)))),
);
