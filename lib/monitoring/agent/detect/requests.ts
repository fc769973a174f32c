import type { Detector, Finding } from "../types";
import { levelOf } from "./levels";

/**
 * Threshold rules on the fleet's requests over the recent window (metric_buckets): 5xx error rate and p95 latency,
 * judged only once MONITOR_MIN_REQUESTS were served, so one failed request out of two is not an alert.
 */
export const requestsDetector: Detector = {
  name: "requests",
  async run(ctx) {
    const totals = await ctx.inputs.recentTotals();
    const { thresholds: t, minRequests } = ctx.config;
    const window = ctx.inputs.windows.recent.label;
    if (totals.requests < minRequests) return [];
    const out: Finding[] = [];
    const err = levelOf(totals.errorRate, t.errorRate);
    if (err) {
      out.push({
        fingerprint: "threshold:error_rate",
        type: "application",
        severity: err.severity,
        title: `Error rate ${err.severity}: ${totals.errorRate} %`,
        message: `${totals.errors} of ${totals.requests} requests (${totals.errorRate} %) failed with a server error (5xx) in the ${window}; the ${err.severity} threshold is ${err.threshold} %. Client errors (4xx) are not counted.`,
        evidence: { metric: "error_rate_5xx_percent", value: totals.errorRate, threshold: err.threshold, window, samples: totals.requests, errors: totals.errors, requests: totals.requests, min_requests: minRequests },
      });
    }
    const slow = levelOf(totals.p95, t.p95Ms);
    if (slow) {
      out.push({
        fingerprint: "threshold:p95_latency",
        type: "performance",
        severity: slow.severity,
        title: `Response time ${slow.severity}: p95 ${totals.p95} ms`,
        message: `95 % of the ${totals.requests} requests in the ${window} took up to ${totals.p95} ms (p50 ${totals.p50} ms, p99 ${totals.p99} ms); the ${slow.severity} threshold is ${slow.threshold} ms.`,
        evidence: { metric: "latency_p95_ms", value: totals.p95, threshold: slow.threshold, window, samples: totals.requests, p50: totals.p50, p99: totals.p99, avg_ms: totals.avgMs },
      });
    }
    return out;
  },
};
