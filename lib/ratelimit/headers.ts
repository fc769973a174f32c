import type { Decision } from "./limiter";

/** Whole seconds until a decision's window resets (never negative). Edge-safe. */
export function secondsUntilReset(d: Pick<Decision, "reset">): number {
  return Math.max(0, Math.ceil((d.reset - Date.now()) / 1000));
}

/** `RateLimit-Limit`/`-Remaining`/`-Reset` of a decision, as the edge and the handlers send them. */
export function rateLimitHeaders(d: Decision): Record<string, string> {
  return { "RateLimit-Limit": String(d.limit), "RateLimit-Remaining": String(d.remaining), "RateLimit-Reset": String(secondsUntilReset(d)) };
}
