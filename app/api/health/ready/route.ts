import { checkDatabase } from "@/lib/health";
import { jsonResponse } from "@/lib/http/json";
import { ApiError } from "@/lib/http/problem";
import { withApi } from "@/lib/http/with-api";

// GET /api/health/ready/ — readiness: the database answers (503 otherwise)
export const GET = withApi({ auth: "public" }, async () => {
  const database = await checkDatabase();
  if (!database.ok) {
    throw new ApiError("service_unavailable", "The database is not reachable.", {
      extensions: { checks: { database: "down" } },
      headers: { "retry-after": "5" },
    });
  }
  return jsonResponse({ status: "ready", checks: { database: "ok" }, database_latency_ms: database.latencyMs });
});
