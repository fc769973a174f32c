import { detectAnomaly, median, type Anomaly, type Direction } from "../stats";
import type { AlertType, CycleContext, Detector, Finding } from "../types";
import { round1 } from "./levels";

/**
 * Statistical detectors: the last complete minute against the median/MAD of the minutes before it (see stats.ts).
 * Each needs a robust z-score of at least MONITOR_ANOMALY_Z and an absolute change (the floor named in the
 * evidence), so ordinary noise and tiny numbers never alert.
 */
type Spec = {
  key: string;
  metric: string;
  unit: string;
  type: AlertType;
  direction: Direction;
  history: number[];
  value: number | null;
  minDelta: number;
  minScale: number;
  what: string;
};

function finding(ctx: CycleContext, s: Spec, a: Anomaly, minuteIso: string): Finding {
  const window = ctx.inputs.windows.baseline.label;
  const word = s.direction === "up" ? "above" : "below";
  return {
    fingerprint: `anomaly:${s.key}`,
    type: s.type,
    severity: "warning",
    title: `Unusual ${s.what}: ${round1(a.value)} ${s.unit} (usually ${round1(a.median)})`,
    message:
      `In the minute from ${minuteIso} the ${s.what} was ${round1(a.value)} ${s.unit}, against a median of ${round1(a.median)} ` +
      `(median absolute deviation ${round1(a.mad)}) over the ${a.samples} minutes before: ${Math.abs(a.z)} robust standard deviations ${word} ` +
      `(threshold ${ctx.config.anomalyZ}) and ${round1(Math.abs(a.delta))} ${s.unit} ${word} the median (at least ${round1(s.minDelta)} needed).`,
    evidence: {
      metric: s.metric,
      value: round1(a.value),
      baseline: { median: round1(a.median), mad: round1(a.mad), scale: round1(a.scale), z: a.z },
      threshold: ctx.config.anomalyZ,
      absolute_floor: round1(s.minDelta),
      method: "robust z = (value - median) / max(1.4826 × MAD, floor)",
      window,
      minute: minuteIso,
      samples: a.samples,
      recent: s.history.slice(-10).map(round1),
    },
  };
}

export const anomaliesDetector: Detector = {
  name: "anomalies",
  async run(ctx) {
    const [series, logins] = await Promise.all([ctx.inputs.series(), ctx.inputs.failedLoginSeries()]);
    const last = series.at(-1);
    const past = series.slice(0, -1);
    if (!last) return [];
    const reqs = past.map((p) => p.requests);
    const reqMedian = median(reqs);
    const busy = last.requests >= ctx.config.minRequests;
    const latencies = past.filter((p) => p.p95 !== null && p.requests >= 5).map((p) => p.p95 as number);
    const latMedian = median(latencies);
    const loginCounts = logins.slice(0, -1).map((p) => p.failures);
    const specs: Spec[] = [
      { key: "request_rate:spike", metric: "requests_per_minute", unit: "requests/min", type: "performance", direction: "up", history: reqs, value: last.requests, minDelta: Math.max(60, reqMedian), minScale: Math.max(1, Math.sqrt(reqMedian)), what: "request rate" },
      // a drop is only meaningful for a shop that has traffic: 30 requests a minute as its median at least
      { key: "request_rate:drop", metric: "requests_per_minute", unit: "requests/min", type: "application", direction: "down", history: reqs, value: reqMedian >= 30 ? last.requests : null, minDelta: 0.75 * reqMedian, minScale: Math.max(1, Math.sqrt(reqMedian)), what: "request rate" },
      { key: "error_rate", metric: "error_rate_5xx_percent", unit: "%", type: "application", direction: "up", history: past.map((p) => p.errorRate), value: busy ? last.errorRate : null, minDelta: 5, minScale: 1, what: "server error rate" },
      { key: "p95_latency", metric: "latency_p95_ms", unit: "ms", type: "performance", direction: "up", history: latencies, value: busy ? last.p95 : null, minDelta: Math.max(250, latMedian * 0.5), minScale: Math.max(10, latMedian * 0.1), what: "p95 latency" },
      { key: "failed_logins", metric: "failed_logins_per_minute", unit: "failures/min", type: "security", direction: "up", history: loginCounts, value: logins.at(-1)?.failures ?? null, minDelta: 10, minScale: 1, what: "number of failed sign-ins" },
    ];
    const out: Finding[] = [];
    for (const s of specs) {
      if (s.value === null) continue;
      const a = detectAnomaly(s.history, s.value, { z: ctx.config.anomalyZ, minDelta: s.minDelta, minScale: s.minScale, direction: s.direction, minSamples: 10 });
      if (a) out.push(finding(ctx, s, a, last.t));
    }
    return out;
  },
};
