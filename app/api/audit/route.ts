import { listAuditEntries } from "@/lib/audit/queries";
import { auditListQuery } from "@/lib/audit/schemas";
import { auditEntrySchema, serializeAuditEntry } from "@/lib/audit/serializers";
import { jsonResponse } from "@/lib/http/json";
import { buildPage } from "@/lib/http/pagination";
import { withApi } from "@/lib/http/with-api";
import { paginated } from "@/lib/openapi/doc";

// GET /api/audit/ — the audit log, newest first, filtered and paginated
export const GET = withApi(
  {
    permission: "audit:read",
    query: auditListQuery,
    doc: {
      summary: "List audit log entries",
      description:
        "The tamper-evident security log, newest first (`ordering=occurred_at` for oldest first), filtered by action, result, actor, target, IP, time range (`since`/`until`, ISO 8601; without an offset read as UTC) and request id. Each entry carries its hash-chain link (`hash`, `prev_hash`); `/api/audit/verify/` checks the chain.",
      tags: ["audit"],
      responses: { 200: paginated(auditEntrySchema) },
      errors: [404],
    },
  },
  async ({ query, url }) => {
    const { count, rows } = await listAuditEntries(query);
    return jsonResponse(buildPage(url.href, query.page, query.page_size, count, rows.map(serializeAuditEntry)));
  },
);
