import type { z } from "zod";
import { checkDatabase, readinessSchema } from "@/lib/health";
import { jsonResponse } from "@/lib/http/json";
import { ApiError } from "@/lib/http/problem";
import { withApi } from "@/lib/http/with-api";

// GET /api/health/ready/ — readiness: the database answers (503 otherwise)
export const GET = withApi(
  {
    auth: "public",
    doc: {
      summary: "Check that the instance can serve traffic",
      description:
        "Readiness for load balancers: 200 when the database answers within 2 seconds. Otherwise **503** `application/problem+json` with `checks: {\"database\": \"down\"}` and `Retry-After: 5` (no internal detail).",
      tags: ["health"],
      responses: { 200: readinessSchema },
      errors: [503],
    },
  },
  async () => {
    const database = await checkDatabase();
    if (!database.ok) {
      throw new ApiError("service_unavailable", "The database is not reachable.", {
        extensions: { checks: { database: "down" } },
        headers: { "retry-after": "5" },
      });
    }
    const body: z.input<typeof readinessSchema> = { status: "ready", checks: { database: "ok" }, database_latency_ms: database.latencyMs };
    return jsonResponse(body);
  },
);
