import { jsonResponse } from "@/lib/http/json";
import { buildPage } from "@/lib/http/pagination";
import { withApi } from "@/lib/http/with-api";
import { createAlert } from "@/lib/monitoring/api/alert-mutations";
import { listAlerts } from "@/lib/monitoring/api/queries";
import { alertListQuery, createAlertSchema } from "@/lib/monitoring/api/schemas";
import { alertSchema, serializeAlert } from "@/lib/monitoring/api/serializers";
import { paginated } from "@/lib/openapi/doc";
import { requestMeta } from "@/lib/security/request-meta";

// GET /api/monitoring/alerts/ — alerts, newest first; filters alert_type, severity, status, incident; paginated
export const GET = withApi(
  {
    permission: "monitoring:read",
    query: alertListQuery,
    doc: {
      summary: "List alerts",
      description: "Newest first, filtered by `alert_type`, `severity`, `status` and `incident` (an incident id).",
      tags: ["monitoring"],
      responses: { 200: paginated(alertSchema) },
      errors: [404],
    },
  },
  async ({ query, url }) => {
    const { count, rows } = await listAlerts(query);
    return jsonResponse(buildPage(url.href, query.page, query.page_size, count, rows.map(serializeAlert)));
  },
);

// POST /api/monitoring/alerts/ — raise an alert by hand (admins only; plain text)
export const POST = withApi(
  {
    permission: "monitoring:act",
    body: createAlertSchema,
    doc: {
      summary: "Raise an alert by hand",
      description:
        "Starts `active`, with `source` \"manual\" unless given; it never merges with the agent's alerts. Title and message are plain text (markup is refused). Fields the server or the agent sets (status, timestamps, evidence, fingerprint, incident) are refused by name. Audited (`ALERT_CREATE`).",
      tags: ["monitoring"],
      responses: { 201: alertSchema },
      responseHeaders: { 201: ["Location"] },
    },
  },
  async ({ req, principal, body, requestId }) => {
    const alert = await createAlert(principal, body, requestMeta(req.headers, requestId));
    return jsonResponse(alert, { status: 201, headers: { location: `/api/monitoring/alerts/${alert.id}/` } });
  },
);
