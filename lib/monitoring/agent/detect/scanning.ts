import type { Detector, Finding } from "../types";

const CLASSES = { "401": "unauthenticated (401)", "403": "forbidden (403)", "404": "not found (404)" } as const;

/**
 * Scanning bursts: many 401, 403 or 404 answers in the recent window, per status class with the routes that drew
 * them. Request metrics are kept per route and status class only, never per client IP, so a burst cannot be pinned
 * on an address here; the rate-limit denials and failed sign-ins in the audit log can.
 */
export const scanningDetector: Detector = {
  name: "scanning",
  async run(ctx) {
    const routes = await ctx.inputs.recentRoutes();
    const threshold = ctx.config.security.scanThreshold;
    const window = ctx.inputs.windows.recent.label;
    const requests = routes.reduce((s, r) => s + r.requests, 0);
    const out: Finding[] = [];
    for (const [cls, label] of Object.entries(CLASSES)) {
      const hits = routes.map((r) => ({ route: `${r.method} ${r.route}`, count: r.byClass[cls] ?? 0 })).filter((r) => r.count > 0);
      const total = hits.reduce((s, r) => s + r.count, 0);
      if (total < threshold) continue;
      const top = hits.sort((a, b) => b.count - a.count).slice(0, 5);
      out.push({
        fingerprint: `security:scan:${cls}`,
        type: "security",
        severity: "warning",
        title: `Burst of ${label} answers: ${total}`,
        message: `${total} requests were answered ${label} in the ${window} (rule: ${threshold} or more), ${Math.round((total / Math.max(requests, 1)) * 100)} % of all requests; busiest: ${top.map((t) => `${t.route} (${t.count})`).join(", ")}. This looks like probing. Per-address counts are not recorded for these answers, so the source cannot be named from request metrics: see rate-limit denials in the audit log.`,
        evidence: { metric: `status_${cls}_count`, value: total, threshold, window, samples: requests, status_class: cls, top_routes: top, per_ip: "not recorded (metric_buckets keep route and status class only)" },
      });
    }
    return out;
  },
};
