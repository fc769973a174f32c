import { jsonResponse } from "@/lib/http/json";
import { withApi } from "@/lib/http/with-api";
import { activeFaults, clearFaultsByAdmin, injectFaultByAdmin, whenFaultInjectionEnabled } from "@/lib/monitoring/api/fault-admin";
import { faultBodySchema, faultClearQuery } from "@/lib/monitoring/api/schemas";
import { requestMeta } from "@/lib/security/request-meta";

// Every verb: 404 unless FAULT_INJECTION=1, and always 404 in production. Faults are per instance (in process).

// GET /api/monitoring/faults/ — the faults in force on this instance
export const GET = whenFaultInjectionEnabled(withApi({ permission: "monitoring:read" }, () => jsonResponse({ results: activeFaults() })));

// POST /api/monitoring/faults/ — make a route fail ("error": 500) or slow ("slow": +1.5–3.5 s) for a share of requests, for a while
export const POST = whenFaultInjectionEnabled(
  withApi({ permission: "monitoring:act", body: faultBodySchema }, async ({ req, principal, body, requestId }) =>
    jsonResponse(await injectFaultByAdmin(principal, body, requestMeta(req.headers, requestId)), { status: 201 }),
  ),
);

// DELETE /api/monitoring/faults/ — clear every fault, or ?route= one
export const DELETE = whenFaultInjectionEnabled(
  withApi({ permission: "monitoring:act", query: faultClearQuery }, async ({ req, principal, query, requestId }) =>
    jsonResponse({ cleared: await clearFaultsByAdmin(principal, query.route, requestMeta(req.headers, requestId)), results: activeFaults() }),
  ),
);
