import { jsonResponse } from "@/lib/http/json";
import { withApi } from "@/lib/http/with-api";
import { acknowledgeAlert } from "@/lib/monitoring/api/alert-mutations";
import { alertTransitionSchema, idParams } from "@/lib/monitoring/api/schemas";
import { requestMeta } from "@/lib/security/request-meta";

// POST /api/monitoring/alerts/{id}/acknowledge/ — active → acknowledged (who and when recorded); 409 otherwise
export const POST = withApi({ permission: "monitoring:act", params: idParams, body: alertTransitionSchema }, async ({ req, principal, params, body, requestId }) =>
  jsonResponse(await acknowledgeAlert(principal, params.id, body.note, requestMeta(req.headers, requestId))),
);
