import { jsonResponse } from "@/lib/http/json";
import { withApi } from "@/lib/http/with-api";
import { emptyBodySchema } from "@/lib/monitoring/api/schemas";
import { triggerMonitoring } from "@/lib/monitoring/api/trigger";
import { requestMeta } from "@/lib/security/request-meta";

// POST /api/monitoring/ai-actions/trigger_monitoring/ — run one agent cycle now (admins only; audited) → {message, results}
export const POST = withApi({ permission: "monitoring:act", body: emptyBodySchema }, async ({ req, principal, requestId }) =>
  jsonResponse(await triggerMonitoring(principal, requestMeta(req.headers, requestId))),
);
