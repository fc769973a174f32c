import { z } from "zod";
import { listLiveSessions, serializeSession } from "@/lib/auth/session-queries";
import { jsonResponse } from "@/lib/http/json";
import { buildPage, paginationQuery } from "@/lib/http/pagination";
import { withApi } from "@/lib/http/with-api";

// GET /api/auth/sessions/ — the caller's live sessions (browser and API), the current one marked
export const GET = withApi({ query: z.strictObject(paginationQuery) }, async ({ principal, query, url }) => {
  const { count, rows } = await listLiveSessions(principal.userId, query.page_size, (query.page - 1) * query.page_size);
  return jsonResponse(buildPage(url.href, query.page, query.page_size, count, rows.map((s) => serializeSession(s, principal.sessionId))));
});
