import { jsonResponse } from "@/lib/http/json";
import { methodNotAllowed } from "@/lib/http/method-not-allowed";
import { withApi } from "@/lib/http/with-api";
import { updateAlertNotes } from "@/lib/monitoring/api/alert-mutations";
import { getAlertOrThrow } from "@/lib/monitoring/api/queries";
import { idParams, patchAlertSchema } from "@/lib/monitoring/api/schemas";
import { alertSchema, serializeAlert } from "@/lib/monitoring/api/serializers";
import { requestMeta } from "@/lib/security/request-meta";

// GET /api/monitoring/alerts/{id}/ — one alert with its evidence
export const GET = withApi(
  {
    permission: "monitoring:read",
    params: idParams,
    doc: {
      summary: "Get an alert",
      tags: ["monitoring"],
      responses: { 200: alertSchema },
      errors: [404],
    },
  },
  async ({ params }) => jsonResponse(serializeAlert(await getAlertOrThrow(params.id))),
);

// PATCH /api/monitoring/alerts/{id}/ — the admin's notes only; status moves through acknowledge/ and resolve/
export const PATCH = withApi(
  {
    permission: "monitoring:act",
    params: idParams,
    body: patchAlertSchema,
    doc: {
      summary: "Update an alert's notes",
      description:
        "Only `notes` (plain text, replaces the previous notes) can change; every other field is refused by name, and the status moves through `acknowledge/` and `resolve/`. Audited (`ALERT_UPDATE`).",
      tags: ["monitoring"],
      responses: { 200: alertSchema },
      errors: [404],
    },
  },
  async ({ req, principal, params, body, requestId }) =>
    jsonResponse(await updateAlertNotes(principal, params.id, body.notes, requestMeta(req.headers, requestId))),
);

// PUT, DELETE /api/monitoring/alerts/{id}/ — not offered: alerts are kept (resolve them instead)
export const PUT = methodNotAllowed(["GET", "PATCH"], "Alerts cannot be replaced: PATCH their notes, or acknowledge/resolve them.");
export const DELETE = methodNotAllowed(["GET", "PATCH"], "Alerts cannot be deleted: resolve them instead.");
