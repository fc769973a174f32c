import { describe, expect, it } from "vitest";
import { agentConfig } from "@/lib/monitoring/config";
import type { RequestPoint } from "@/lib/monitoring/request-queries";
import type { CycleInputs } from "../inputs";
import type { CycleContext, Detector } from "../types";
import type { WindowTotals } from "../window-totals";
import { anomaliesDetector } from "./anomalies";
import { runDetectors } from "./index";
import { requestsDetector } from "./requests";
import { dependenciesDetector, processDetector } from "./resources";
import { securityDetector } from "./security";

const now = new Date("2030-01-01T12:00:30Z");
const windows = { recent: { label: "last 5 min" }, baseline: { label: "60 min before" }, security: { label: "last 10 min" } };

/** A cycle context whose inputs are the given synthetic values (nothing touches a database). */
function ctx(inputs: Record<string, unknown>): CycleContext {
  const wrapped = Object.fromEntries(Object.entries(inputs).map(([k, v]) => [k, async () => v]));
  return { now, mode: "act", config: agentConfig(), trigger: "manual", actorUserId: null, inputs: { windows, ...wrapped } as unknown as CycleInputs };
}

const totals = (requests: number, errors: number, p95: number | null = 50): WindowTotals => ({ requests, errors, errorRate: requests ? Math.round((errors / requests) * 10_000) / 100 : 0, avgMs: 40, p50: 30, p95, p99: p95 });
const point = (i: number, requests: number, errors = 0, p95: number | null = 50): RequestPoint => ({ t: new Date(now.getTime() - (61 - i) * 60_000).toISOString(), requests, errors, errorRate: requests ? Math.round((errors / requests) * 10_000) / 100 : 0, clientErrors: 0, avgMs: 40, p50: 30, p95, p99: p95 });
const run = (d: Detector, inputs: Record<string, unknown>) => d.run(ctx(inputs));

describe("threshold rules on requests", () => {
  it("does not alert on one failed request out of two (below the minimum request count)", async () => {
    expect(await run(requestsDetector, { recentTotals: totals(2, 1) })).toEqual([]);
  });

  it("raises a critical error-rate finding at 20 % over 50 requests, with its evidence", async () => {
    const [f] = await run(requestsDetector, { recentTotals: totals(50, 10) });
    expect(f).toMatchObject({ fingerprint: "threshold:error_rate", severity: "critical", type: "application" });
    expect(f!.evidence).toMatchObject({ metric: "error_rate_5xx_percent", value: 20, threshold: 10, requests: 50, errors: 10, window: "last 5 min" });
  });

  it("warns at the warning level and judges p95 latency against 1000/3000 ms", async () => {
    const found = await run(requestsDetector, { recentTotals: totals(100, 6, 1500) });
    expect(found.map((f) => [f.fingerprint, f.severity])).toEqual([
      ["threshold:error_rate", "warning"],
      ["threshold:p95_latency", "warning"],
    ]);
  });
});

describe("statistical detectors", () => {
  const flat = (value: number) => Array.from({ length: 61 }, (_, i) => point(i, value));
  const logins = Array.from({ length: 61 }, (_, i) => ({ t: point(i, 0).t, failures: 0 }));

  it("flags a request spike against a flat baseline and explains it", async () => {
    const series = [...flat(100).slice(0, 60), point(60, 400)];
    const [f] = await run(anomaliesDetector, { series, failedLoginSeries: logins });
    expect(f?.fingerprint).toBe("anomaly:request_rate:spike");
    expect(f!.evidence.baseline).toMatchObject({ median: 100, mad: 0 });
    expect(f!.message).toMatch(/median of 100/);
  });

  it("stays quiet on ordinary noise", async () => {
    const noisy = Array.from({ length: 61 }, (_, i) => point(i, 100 + ((i * 37) % 21) - 10, (i * 7) % 3 === 0 ? 1 : 0, 40 + ((i * 13) % 30)));
    expect(await run(anomaliesDetector, { series: noisy, failedLoginSeries: logins })).toEqual([]);
  });

  it("flags a burst of failed sign-ins and a drop in traffic", async () => {
    const series = [...flat(200).slice(0, 60), point(60, 10)];
    const burst = [...logins.slice(0, 60), { t: point(60, 0).t, failures: 40 }];
    const found = await run(anomaliesDetector, { series, failedLoginSeries: burst });
    expect(found.map((f) => f.fingerprint).sort()).toEqual(["anomaly:failed_logins", "anomaly:request_rate:drop"]);
  });
});

describe("security rules", () => {
  it("needs 5 distinct accounts from one IP for stuffing and 5 IPs for brute force", async () => {
    const found = await run(securityDetector, {
      stuffing: [{ ip: "203.0.113.1", failures: 9, accounts: 5 }, { ip: "203.0.113.2", failures: 9, accounts: 4 }],
      bruteForce: [{ account: "user:7", failures: 6, ips: 5 }, { account: "email:x@y.test", failures: 4, ips: 4 }],
      securityEvents: [{ at: now.toISOString(), action: "TOKEN_REUSE", target: "s1", ip: "192.0.2.1", actorUserId: 9 }],
    });
    expect(found.map((f) => f.fingerprint)).toEqual(["security:credential_stuffing:ip:203.0.113.1", "security:brute_force:account:user:7", "security:token_reuse:user:9"]);
    expect(found[1]!.subject).toEqual({ account: "user:7", userId: 7 });
    expect(found[2]!.message).toMatch(/user 9/);
  });
});

describe("runDetectors", () => {
  it("records a failing detector and keeps the others' findings", async () => {
    const broken: Detector = { name: "broken", run: async () => Promise.reject(new Error("boom", { cause: new Error("relation does not exist") })) };
    const d = await runDetectors(ctx({ recentTotals: totals(50, 10) }), [broken, requestsDetector]);
    expect(d.errors).toEqual([{ detector: "broken", error: "relation does not exist" }]);
    expect([...d.ok]).toEqual(["requests"]);
    expect(d.findings.map((f) => [f.fingerprint, f.detector])).toEqual([["threshold:error_rate", "requests"]]);
  });
});

describe("resource and dependency rules", () => {
  const probe = (name: string, status: "ok" | "degraded" | "down", value: number | null, unit = "%") => ({ name, status, value, unit, detail: "synthetic" });

  it("uses the original's CPU/memory/disk levels and says what it measured", async () => {
    const health = [probe("cpu", "degraded", 75), probe("heap", "down", 96), probe("disk", "ok", 50), probe("rate_limiter", "degraded", 3, "failures")];
    const found = await run(processDetector, { health });
    expect(found.map((f) => [f.fingerprint, f.severity])).toEqual([
      ["threshold:cpu", "warning"],
      ["threshold:memory", "critical"],
      ["dependency:rate_limiter", "warning"],
    ]);
    expect(found[0]!.evidence).toMatchObject({ value: 75, threshold: 70 });
  });

  it("reports the database down as critical, and disk at 96 % as critical", async () => {
    const found = await run(dependenciesDetector, { health: [probe("database", "down", 2000, "ms"), probe("disk", "down", 96)] });
    expect(found.map((f) => [f.fingerprint, f.severity, f.type])).toEqual([
      ["threshold:disk", "critical", "system"],
      ["dependency:database", "critical", "database"],
    ]);
  });
});
