import { requestMetrics } from "./request-metrics";
import { routePattern, type RouteParams } from "./route-pattern";

/**
 * The withApi hook: counts one answered API request under its route pattern. Synchronous and in memory only (no
 * await, no database); it never throws, so monitoring can never break a response.
 */
export function recordApiRequest(req: Request, params: RouteParams | undefined, status: number, durationMs: number): void {
  try {
    const pathname = new URL(req.url).pathname;
    requestMetrics().record({ route: routePattern(pathname, params), method: req.method, status, durationMs });
  } catch {
    // a malformed URL or the like: the request is answered all the same
  }
}
