import { jsonResponse } from "@/lib/http/json";
import { buildPage } from "@/lib/http/pagination";
import { withApi } from "@/lib/http/with-api";
import { createAlert } from "@/lib/monitoring/api/alert-mutations";
import { listAlerts } from "@/lib/monitoring/api/queries";
import { alertListQuery, createAlertSchema } from "@/lib/monitoring/api/schemas";
import { serializeAlert } from "@/lib/monitoring/api/serializers";
import { requestMeta } from "@/lib/security/request-meta";

// GET /api/monitoring/alerts/ — alerts, newest first; filters alert_type, severity, status, incident; paginated
export const GET = withApi({ permission: "monitoring:read", query: alertListQuery }, async ({ query, url }) => {
  const { count, rows } = await listAlerts(query);
  return jsonResponse(buildPage(url.href, query.page, query.page_size, count, rows.map(serializeAlert)));
});

// POST /api/monitoring/alerts/ — raise an alert by hand (admins only; plain text)
export const POST = withApi({ permission: "monitoring:act", body: createAlertSchema }, async ({ req, principal, body, requestId }) => {
  const alert = await createAlert(principal, body, requestMeta(req.headers, requestId));
  return jsonResponse(alert, { status: 201, headers: { location: `/api/monitoring/alerts/${alert.id}/` } });
});
