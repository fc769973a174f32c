import { jsonResponse } from "@/lib/http/json";
import { withApi } from "@/lib/http/with-api";
import { resolveAlert } from "@/lib/monitoring/api/alert-mutations";
import { alertTransitionSchema, idParams } from "@/lib/monitoring/api/schemas";
import { requestMeta } from "@/lib/security/request-meta";

// POST /api/monitoring/alerts/{id}/resolve/ — active or acknowledged → resolved; resolves its incident with its last open alert
export const POST = withApi({ permission: "monitoring:act", params: idParams, body: alertTransitionSchema }, async ({ req, principal, params, body, requestId }) =>
  jsonResponse(await resolveAlert(principal, params.id, body.note, requestMeta(req.headers, requestId))),
);
