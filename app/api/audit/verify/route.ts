import { verifyChainAndRecord } from "@/lib/audit/queries";
import { auditVerifyQuery } from "@/lib/audit/schemas";
import { chainReportSchema } from "@/lib/audit/serializers";
import { jsonResponse } from "@/lib/http/json";
import { withApi } from "@/lib/http/with-api";
import { requestMeta } from "@/lib/security/request-meta";

// GET /api/audit/verify/ — recompute the hash chain and report every broken row (200 either way: it is a report)
export const GET = withApi(
  {
    permission: "audit:read",
    query: auditVerifyQuery,
    doc: {
      summary: "Verify the audit log's hash chain",
      description:
        "Recomputes the whole chain, oldest first, and names every row whose content no longer matches its hash (`content_changed`) or whose link to the previous row is broken (`link_broken`: a row removed or inserted). Answers 200 whether the chain holds or not (`ok`). The check is itself audited (`AUDIT_VERIFIED`, after the report). Takes no parameters.",
      tags: ["audit"],
      responses: { 200: chainReportSchema },
    },
  },
  async ({ principal, req, requestId }) => {
    return jsonResponse(await verifyChainAndRecord(principal.userId, requestMeta(req.headers, requestId)));
  },
);
