// Before measuring: each target answers 200, and only the full path carries the middleware's headers, so the three
// URLs really measure "no middleware", "a middleware that does nothing" and "the whole middleware".
import type { Target } from "./report";

export async function checkTargets(base: string, targets: Target[], expectedLimit: number): Promise<void> {
  for (const t of targets) {
    const res = await fetch(`${base}${t.path}`);
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`${t.path} answered ${res.status}, not 200`);
    const csp = res.headers.get("content-security-policy");
    const limit = res.headers.get("ratelimit-limit");
    if (t.key === "full") {
      if (!csp || !limit) throw new Error(`${t.path}: no CSP / RateLimit headers — did the middleware run?`);
      if (Number(limit) !== expectedLimit)
        throw new Error(
          `${t.path}: RateLimit-Limit is ${limit}, expected ${expectedLimit} (RATE_LIMIT_MULTIPLIER not applied?)`,
        );
    } else if (csp || limit) {
      throw new Error(
        `${t.path}: carries the middleware's headers, but it should not run the full middleware`,
      );
    }
  }
}
