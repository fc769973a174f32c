import { openAuditExport } from "@/lib/audit/queries";
import { auditExportQuery } from "@/lib/audit/schemas";
import { withApi } from "@/lib/http/with-api";
import { requestMeta } from "@/lib/security/request-meta";

// GET /api/audit/export/ — the filtered audit log as a CSV download (at most 50,000 rows, streamed)
export const GET = withApi({ permission: "audit:read", query: auditExportQuery }, async ({ principal, query, req, requestId }) => {
  const exported = await openAuditExport(query, { userId: principal.userId, meta: requestMeta(req.headers, requestId) });
  const stamp = new Date().toISOString().replace(/[-:]/g, "").replace(/\.\d+Z$/, "Z");
  return new Response(exported.body, {
    status: 200,
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="audit-${stamp}.csv"`,
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
      "x-export-rows": String(exported.rows),
      "x-export-truncated": String(exported.truncated),
    },
  });
});
