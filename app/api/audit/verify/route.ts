import { verifyChainAndRecord } from "@/lib/audit/queries";
import { auditVerifyQuery } from "@/lib/audit/schemas";
import { jsonResponse } from "@/lib/http/json";
import { withApi } from "@/lib/http/with-api";
import { requestMeta } from "@/lib/security/request-meta";

// GET /api/audit/verify/ — recompute the hash chain and report every broken row (200 either way: it is a report)
export const GET = withApi({ permission: "audit:read", query: auditVerifyQuery }, async ({ principal, req, requestId }) => {
  return jsonResponse(await verifyChainAndRecord(principal.userId, requestMeta(req.headers, requestId)));
});
