/**
 * The wait before the attempt after attempt `n` (1-based): base · 2^(n−1), capped, with ±20 % jitter so deliveries
 * that failed together (a receiver's outage) do not all come back in the same second. Never above the cap.
 */
export function retryDelayMs(
  attempt: number,
  baseMs: number,
  capMs: number,
  random: () => number = Math.random,
): number {
  const exponential = baseMs * 2 ** Math.min(Math.max(attempt - 1, 0), 40);
  const capped = Math.min(exponential, capMs);
  const jittered = capped * (0.8 + 0.4 * random());
  return Math.max(1, Math.round(Math.min(jittered, capMs)));
}
