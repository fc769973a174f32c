import { jsonResponse } from "@/lib/http/json";
import { buildPage } from "@/lib/http/pagination";
import { withApi } from "@/lib/http/with-api";
import { createIncident } from "@/lib/monitoring/api/incident-mutations";
import { listIncidents } from "@/lib/monitoring/api/queries";
import { createIncidentSchema, incidentListQuery } from "@/lib/monitoring/api/schemas";
import { incidentDetailSchema, incidentSchema, serializeIncident } from "@/lib/monitoring/api/serializers";
import { paginated } from "@/lib/openapi/doc";
import { requestMeta } from "@/lib/security/request-meta";

// GET /api/monitoring/incidents/ — incidents, newest first; filters status, severity, incident_type; paginated
export const GET = withApi(
  {
    permission: "monitoring:read",
    query: incidentListQuery,
    doc: {
      summary: "List incidents",
      description: "Newest first, filtered by `status`, `severity` and `incident_type`. The list leaves out each incident's alerts (see the detail).",
      tags: ["monitoring"],
      responses: { 200: paginated(incidentSchema) },
      errors: [404],
    },
  },
  async ({ query, url }) => {
    const { count, rows } = await listIncidents(query);
    return jsonResponse(buildPage(url.href, query.page, query.page_size, count, rows.map(serializeIncident)));
  },
);

// POST /api/monitoring/incidents/ — open an incident by hand (admins only; plain text; starts open)
export const POST = withApi(
  {
    permission: "monitoring:act",
    body: createIncidentSchema,
    doc: {
      summary: "Open an incident by hand",
      description:
        "Always starts `open`, not AI-detected, with a first timeline entry. Title and description are plain text. Fields the server sets (status, timeline, timestamps, AI flags) are refused by name. Audited (`INCIDENT_CREATE`).",
      tags: ["monitoring"],
      responses: { 201: incidentDetailSchema },
      responseHeaders: { 201: ["Location"] },
    },
  },
  async ({ req, principal, body, requestId }) => {
    const incident = await createIncident(principal, body, requestMeta(req.headers, requestId));
    return jsonResponse(incident, { status: 201, headers: { location: `/api/monitoring/incidents/${incident.id}/` } });
  },
);
