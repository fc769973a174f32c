import { jsonResponse } from "@/lib/http/json";
import { withApi } from "@/lib/http/with-api";
import { emptyBodySchema } from "@/lib/monitoring/api/schemas";
import { triggerMonitoring, triggerResultSchema } from "@/lib/monitoring/api/trigger";
import { requestMeta } from "@/lib/security/request-meta";

// POST /api/monitoring/ai-actions/trigger_monitoring/ — run one agent cycle now (admins only; audited) → {message, results}
export const POST = withApi(
  {
    permission: "monitoring:act",
    body: emptyBodySchema,
    doc: {
      summary: "Run one monitoring cycle now",
      description:
        "Runs the agent's cycle (detect, alert, group incidents, act under the guardrails, record a health snapshot) and answers with its summary. Audited (`MONITORING_TRIGGER`) whether it ran or not. When it could not run (another cycle holds the lock, or the database did not answer): **409** with `Retry-After: 5` and the cycle's record, with its `reason`, in the problem's `results`. The body is an empty object.",
      tags: ["monitoring"],
      responses: { 200: triggerResultSchema },
      errors: [409],
    },
  },
  async ({ req, principal, requestId }) => jsonResponse(await triggerMonitoring(principal, requestMeta(req.headers, requestId))),
);
