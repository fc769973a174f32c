import { jsonResponse } from "@/lib/http/json";
import { withApi } from "@/lib/http/with-api";
import { resolveAlert } from "@/lib/monitoring/api/alert-mutations";
import { alertTransitionSchema, idParams } from "@/lib/monitoring/api/schemas";
import { alertSchema } from "@/lib/monitoring/api/serializers";
import { requestMeta } from "@/lib/security/request-meta";

// POST /api/monitoring/alerts/{id}/resolve/ — active or acknowledged → resolved; resolves its incident with its last open alert
export const POST = withApi(
  {
    permission: "monitoring:act",
    params: idParams,
    body: alertTransitionSchema,
    doc: {
      summary: "Resolve an alert",
      description:
        "`active` or `acknowledged` → `resolved`, recording who and when; the optional `note` goes to its incident's timeline. When it was its incident's last open alert, the incident is resolved too (audited as `INCIDENT_RESOLVE`). Audited (`ALERT_RESOLVE`). 409 when the alert is already resolved or dismissed (`current_status` in the problem) or was just regrouped by the agent.",
      tags: ["monitoring"],
      responses: { 200: alertSchema },
      errors: [404, 409],
    },
  },
  async ({ req, principal, params, body, requestId }) =>
    jsonResponse(await resolveAlert(principal, params.id, body.note, requestMeta(req.headers, requestId))),
);
