import { z } from "zod";
import { audit } from "@/lib/audit/write";

export { LIMITER_EVENTS_PATH } from "@/lib/security/internal-paths";

export const limiterEventsSchema = z.strictObject({
  degraded: z.boolean(),
  failures: z.number().int().min(0),
  lastFailureAt: z.number().int().min(0),
  denials: z.array(z.tuple([z.string().max(300), z.number().int().min(1)])).max(10_000),
});

type Health = { degraded: boolean; failuresTotal: number; lastFailureAt: number | null; denialsTotal: number; reportedAt: number | null };
const g = globalThis as typeof globalThis & { __shopLimiterHealth?: Health };
const health = (g.__shopLimiterHealth ??= { degraded: false, failuresTotal: 0, lastFailureAt: null, denialsTotal: 0, reportedAt: null });

/** The limiter's health as last reported by this instance's middleware (monitoring reads it). */
export function limiterHealth(): Readonly<Health> {
  return health;
}

/** Records what the middleware reports: shared-store failures (audited) and denials per policy and IP (audited). */
export async function recordLimiterEvents(events: z.output<typeof limiterEventsSchema>): Promise<void> {
  health.reportedAt = Date.now();
  health.degraded = events.degraded;
  if (events.failures > 0) {
    health.failuresTotal += events.failures;
    health.lastFailureAt = events.lastFailureAt;
    await audit({
      action: "RATE_LIMITER_DEGRADED",
      targetType: "LIMITER",
      result: "FAILURE",
      metadata: { failures: events.failures, detail: "the shared rate-limit store did not answer; the in-memory limiter answered instead" },
    });
  }
  for (const [key, count] of events.denials) {
    health.denialsTotal += count;
    const [policyName, ip] = key.split("|");
    await audit({
      action: "RATE_LIMITED",
      targetType: "IP",
      targetId: ip ?? null,
      result: "BLOCKED",
      meta: { ip: ip && ip !== "unknown" ? ip : null, userAgent: "", requestId: null },
      metadata: { policy: policyName, count },
    });
  }
}
