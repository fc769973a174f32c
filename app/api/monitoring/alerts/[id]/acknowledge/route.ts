import { jsonResponse } from "@/lib/http/json";
import { withApi } from "@/lib/http/with-api";
import { acknowledgeAlert } from "@/lib/monitoring/api/alert-mutations";
import { alertTransitionSchema, idParams } from "@/lib/monitoring/api/schemas";
import { alertSchema } from "@/lib/monitoring/api/serializers";
import { requestMeta } from "@/lib/security/request-meta";

// POST /api/monitoring/alerts/{id}/acknowledge/ — active → acknowledged (who and when recorded); 409 otherwise
export const POST = withApi(
  {
    permission: "monitoring:act",
    params: idParams,
    body: alertTransitionSchema,
    doc: {
      summary: "Acknowledge an alert",
      description:
        "`active` → `acknowledged`, recording who and when; the optional `note` goes to its incident's timeline, if it has one. Audited (`ALERT_ACKNOWLEDGE`). 409 when the alert is not active (the problem's `current_status` says what it is) or was just regrouped by the agent.",
      tags: ["monitoring"],
      responses: { 200: alertSchema },
      errors: [404, 409],
    },
  },
  async ({ req, principal, params, body, requestId }) =>
    jsonResponse(await acknowledgeAlert(principal, params.id, body.note, requestMeta(req.headers, requestId))),
);
