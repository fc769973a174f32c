import { jsonResponse } from "@/lib/http/json";
import { methodNotAllowed } from "@/lib/http/method-not-allowed";
import { withApi } from "@/lib/http/with-api";
import { incidentDetail, updateIncident } from "@/lib/monitoring/api/incident-mutations";
import { idParams, patchIncidentSchema } from "@/lib/monitoring/api/schemas";
import { requestMeta } from "@/lib/security/request-meta";

// GET /api/monitoring/incidents/{id}/ — one incident with its alerts and timeline
export const GET = withApi({ permission: "monitoring:read", params: idParams }, async ({ params }) => jsonResponse(await incidentDetail(params.id)));

// PATCH /api/monitoring/incidents/{id}/ — status (open → investigating → resolved → closed), severity, resolution, note
export const PATCH = withApi({ permission: "monitoring:act", params: idParams, body: patchIncidentSchema }, async ({ req, principal, params, body, requestId }) =>
  jsonResponse(await updateIncident(principal, params.id, body, requestMeta(req.headers, requestId))),
);

// PUT, DELETE /api/monitoring/incidents/{id}/ — not offered: incidents are kept (close them instead)
export const PUT = methodNotAllowed(["GET", "PATCH"], "Incidents cannot be replaced: PATCH them.");
export const DELETE = methodNotAllowed(["GET", "PATCH"], "Incidents cannot be deleted: close them instead.");
