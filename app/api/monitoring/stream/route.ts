import { env } from "@/lib/env";
import { withApi } from "@/lib/http/with-api";
import { rangeQuery } from "@/lib/monitoring/api/schemas";
import { dashboardStream } from "@/lib/monitoring/api/stream";

// GET /api/monitoring/stream/ — Server-Sent Events: `dashboard` every MONITOR_STREAM_SECONDS; the session re-checked as it runs
export const GET = withApi(
  {
    permission: "monitoring:read",
    query: rangeQuery,
    doc: {
      summary: "Stream the monitoring dashboard (Server-Sent Events)",
      description:
        "The caller is authorized when connecting (errors are problem+json, before any stream). Then `event: dashboard` with the JSON body of `GET /api/monitoring/dashboard/` at once and every `MONITOR_STREAM_SECONDS`, comment heartbeats between. The session is checked again before every event: a revoked session or a lost permission ends the stream with `event: end` and `{code, detail}` (`unauthenticated`, `forbidden`); so does the stream's 30-minute lifetime (`lifetime`). EventSource reconnects by itself.",
      tags: ["monitoring"],
      responses: {
        200: {
          contentType: "text/event-stream",
          description:
            "Server-Sent Events: `retry:` first, then `event: dashboard` (data: the dashboard JSON, `id:` counting up), `: heartbeat` comments, and a final `event: end` (data: `{code, detail}`).",
        },
      },
    },
  },
  ({ req, query }) => dashboardStream(req, { range: query.range, intervalMs: env().MONITOR_STREAM_SECONDS * 1000 }),
);
