import { MAX_EXPORT_ROWS, openAuditExport } from "@/lib/audit/queries";
import { auditExportQuery } from "@/lib/audit/schemas";
import { withApi } from "@/lib/http/with-api";
import { requestMeta } from "@/lib/security/request-meta";

// GET /api/audit/export/ — the filtered audit log as a CSV download (at most 50,000 rows, streamed)
export const GET = withApi(
  {
    permission: "audit:read",
    query: auditExportQuery,
    doc: {
      summary: "Export audit log entries as CSV",
      description: `The entries matching the same filters as \`GET /api/audit/\` (no paging), streamed as CSV: at most ${MAX_EXPORT_ROWS.toLocaleString("en")} rows, and only rows that existed when the export began. \`X-Export-Rows\` gives the number of rows, \`X-Export-Truncated\` whether more matched. The export is itself audited (\`AUDIT_EXPORTED\`, with the filters and the row count).`,
      tags: ["audit"],
      responses: {
        200: {
          contentType: "text/csv",
          description:
            "UTF-8 CSV (RFC 4180: every cell quoted, CRLF line ends) with a header row; the columns are the fields of an audit entry, in the same order, `metadata` as compact JSON, empty cells for nulls. A cell that would start a spreadsheet formula (`=`, `+`, `-`, `@` …) is prefixed with `'`. Sent as an attachment named `audit-<UTC timestamp>.csv`.",
        },
      },
      responseHeaders: { 200: ["Content-Disposition"] },
    },
  },
  async ({ principal, query, req, requestId }) => {
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
  },
);
