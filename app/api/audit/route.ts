import { listAuditEntries } from "@/lib/audit/queries";
import { auditListQuery } from "@/lib/audit/schemas";
import { serializeAuditEntry } from "@/lib/audit/serializers";
import { jsonResponse } from "@/lib/http/json";
import { buildPage } from "@/lib/http/pagination";
import { withApi } from "@/lib/http/with-api";

// GET /api/audit/ — the audit log, newest first, filtered and paginated
export const GET = withApi({ permission: "audit:read", query: auditListQuery }, async ({ query, url }) => {
  const { count, rows } = await listAuditEntries(query);
  return jsonResponse(buildPage(url.href, query.page, query.page_size, count, rows.map(serializeAuditEntry)));
});
