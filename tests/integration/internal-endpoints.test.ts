import { describe, expect, it } from "vitest";
import { POST as limiterEventsRoute } from "@/app/api/internal/limiter-events/route";
import { limiterHealth, LIMITER_EVENTS_PATH } from "@/lib/ratelimit/events";
import { internalAuthHeader } from "@/lib/security/internal-auth";
import { call, expectProblem } from "@/tests/helpers/http";
import { setupTestDatabase } from "@/tests/helpers/test-db";

setupTestDatabase();

const post = (headers: Record<string, string>, body: unknown) =>
  call(limiterEventsRoute, { method: "POST", path: LIMITER_EVENTS_PATH, headers, ...(typeof body === "string" ? { rawBody: body } : { body }) });

describe("POST /api/internal/limiter-events/", () => {
  it("looks like no endpoint at all to a caller without the signature, whatever the body", async () => {
    for (const body of [{ degraded: false, failures: 0, lastFailureAt: 0, denials: [] }, { nonsense: true }, "not json"]) {
      const res = await post({ "content-type": "application/json" }, body);
      expectProblem(res, 404);
      expect(res.body.detail).toBe("No API endpoint at this path.");
    }
    expectProblem(await post({ "x-internal-auth": "forged", "content-type": "text/plain" }, "x"), 404);
    // credentials are not even looked at here (no key lookup, no audit row to force): still the same 404
    expectProblem(await post({ "x-api-key": "junk" }, {}), 404);
  });

  it("records a signed report, and answers a signed malformed one with 400", async () => {
    const signed = { "x-internal-auth": await internalAuthHeader(LIMITER_EVENTS_PATH) };
    expectProblem(await post(signed, { degraded: "yes" }), 400);
    const res = await post(signed, { degraded: true, failures: 0, lastFailureAt: 0, denials: [] });
    expect(res.status).toBe(200);
    expect(limiterHealth().degraded).toBe(true);
  });
});
