import { jsonResponse } from "@/lib/http/json";
import { methodNotAllowed } from "@/lib/http/method-not-allowed";
import { withApi } from "@/lib/http/with-api";
import { incidentDetail, updateIncident } from "@/lib/monitoring/api/incident-mutations";
import { idParams, patchIncidentSchema } from "@/lib/monitoring/api/schemas";
import { incidentDetailSchema } from "@/lib/monitoring/api/serializers";
import { requestMeta } from "@/lib/security/request-meta";

// GET /api/monitoring/incidents/{id}/ — one incident with its alerts and timeline
export const GET = withApi(
  {
    permission: "monitoring:read",
    params: idParams,
    doc: {
      summary: "Get an incident with its alerts and timeline",
      tags: ["monitoring"],
      responses: { 200: incidentDetailSchema },
      errors: [404],
    },
  },
  async ({ params }) => jsonResponse(await incidentDetail(params.id)),
);

// PATCH /api/monitoring/incidents/{id}/ — status (open → investigating → resolved → closed), severity, resolution, note
export const PATCH = withApi(
  {
    permission: "monitoring:act",
    params: idParams,
    body: patchIncidentSchema,
    doc: {
      summary: "Update an incident",
      description:
        "Any of `status`, `severity`, `resolution` and a `note` (at least one). Status follows the state machine: open → investigating or resolved; investigating → resolved; resolved → closed, or back to investigating (reopened); closed is final. `resolved_at` and `closed_at` are set on the way. Every change is a timeline entry; audited (`INCIDENT_UPDATE`). 409 for a move the state machine does not allow, the same status included (the problem carries `current_status` and `allowed_statuses`).",
      tags: ["monitoring"],
      responses: { 200: incidentDetailSchema },
      errors: [404, 409],
    },
  },
  async ({ req, principal, params, body, requestId }) =>
    jsonResponse(await updateIncident(principal, params.id, body, requestMeta(req.headers, requestId))),
);

// PUT, DELETE /api/monitoring/incidents/{id}/ — not offered: incidents are kept (close them instead)
export const PUT = methodNotAllowed(["GET", "PATCH"], "Incidents cannot be replaced: PATCH them.");
export const DELETE = methodNotAllowed(["GET", "PATCH"], "Incidents cannot be deleted: close them instead.");
