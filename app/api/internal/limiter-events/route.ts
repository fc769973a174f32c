import { jsonResponse } from "@/lib/http/json";
import { ApiError } from "@/lib/http/problem";
import { withApi } from "@/lib/http/with-api";
import { LIMITER_EVENTS_PATH, limiterEventsSchema, recordLimiterEvents } from "@/lib/ratelimit/events";
import { verifyInternalAuth } from "@/lib/security/internal-auth";

// POST /api/internal/limiter-events/ — the middleware's report of limiter failures and denials (HMAC-signed call)
export const POST = withApi({ auth: "public", body: limiterEventsSchema }, async ({ req, body }) => {
  if (!(await verifyInternalAuth(req.headers.get("x-internal-auth"), LIMITER_EVENTS_PATH))) {
    throw new ApiError("not_found", "No API endpoint at this path.");
  }
  await recordLimiterEvents(body);
  return jsonResponse({ recorded: true });
});
