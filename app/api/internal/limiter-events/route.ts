import { jsonResponse } from "@/lib/http/json";
import { ApiError } from "@/lib/http/problem";
import { withApi } from "@/lib/http/with-api";
import { readJsonBody } from "@/lib/http/read-body";
import { fieldErrorsFromIssues, validationError } from "@/lib/http/problem";
import { LIMITER_EVENTS_PATH, limiterEventsSchema, recordLimiterEvents } from "@/lib/ratelimit/events";
import { verifyInternalAuth } from "@/lib/security/internal-auth";

// POST /api/internal/limiter-events/ — the middleware's report of limiter failures and denials (HMAC-signed call)
export const POST = withApi(
  {
    auth: "public",
    ignoreCredentials: true,
    doc: {
      undocumented:
        "internal: only this instance's edge middleware calls it (HMAC-signed); any other caller gets 404",
    },
  },
  async ({ req }) => {
    // the signature first: to anyone else this path answers exactly like one that does not exist (no 400/413/415)
    if (!(await verifyInternalAuth(req.headers.get("x-internal-auth"), LIMITER_EVENTS_PATH))) {
      throw new ApiError("not_found", "No API endpoint at this path.");
    }
    const parsed = limiterEventsSchema.safeParse(await readJsonBody(req));
    if (!parsed.success) throw validationError(fieldErrorsFromIssues(parsed.error.issues));
    await recordLimiterEvents(parsed.data);
    return jsonResponse({ recorded: true });
  },
);
