import { z } from "zod";
import { sessionSchema } from "@/lib/auth/responses";
import { listLiveSessions, serializeSession } from "@/lib/auth/session-queries";
import { jsonResponse } from "@/lib/http/json";
import { buildPage, paginationQuery } from "@/lib/http/pagination";
import { withApi } from "@/lib/http/with-api";
import { paginated } from "@/lib/openapi/doc";

// GET /api/auth/sessions/ — the caller's live sessions (browser and API), the current one marked
export const GET = withApi(
  {
    query: z.strictObject(paginationQuery),
    doc: {
      summary: "List your sessions",
      description: "Your signed-in sessions that are neither revoked nor expired, browser and API, newest first; `is_current` marks the one this request was made with. A page past the end is a 404.",
      tags: ["account"],
      responses: { 200: paginated(sessionSchema) },
      errors: [404],
    },
  },
  async ({ principal, query, url }) => {
    const { count, rows } = await listLiveSessions(principal.userId, query.page_size, (query.page - 1) * query.page_size);
    return jsonResponse(buildPage(url.href, query.page, query.page_size, count, rows.map((s) => serializeSession(s, principal.sessionId))));
  },
);
