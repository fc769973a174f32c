import { errorFields, log } from "@/lib/log";
import { describeError, type CycleContext, type Detector, type Finding } from "../types";
import { anomaliesDetector } from "./anomalies";
import { outageDetector } from "../outage";
import { integrityDetector } from "./integrity";
import { requestsDetector } from "./requests";
import { dependenciesDetector, processDetector } from "./resources";
import { scanningDetector } from "./scanning";
import { securityDetector } from "./security";

export const DETECTORS: Detector[] = [processDetector, dependenciesDetector, requestsDetector, anomaliesDetector, securityDetector, scanningDetector, integrityDetector, outageDetector];

/** The command-line agent is a process of its own: its CPU and heap say nothing about the server's. */
export const defaultDetectors = (ctx: CycleContext) => (ctx.trigger === "cli" ? DETECTORS.filter((d) => d.name !== "process") : DETECTORS);

export type Detection = {
  findings: (Finding & { detector: string })[];
  /** Detectors that ran to the end: only their open alerts may count a clear cycle. */
  ok: Set<string>;
  errors: { detector: string; error: string }[];
};

/** Runs every detector; one that throws is recorded and skipped, never fatal. A repeated fingerprint keeps its first finding. */
export async function runDetectors(ctx: CycleContext, detectors: Detector[] = defaultDetectors(ctx)): Promise<Detection> {
  const out: Detection = { findings: [], ok: new Set(), errors: [] };
  const results = await Promise.allSettled(detectors.map((d) => d.run(ctx)));
  results.forEach((r, i) => {
    const d = detectors[i]!;
    if (r.status === "fulfilled") {
      out.ok.add(d.name);
      for (const f of r.value) out.findings.push({ ...f, detector: d.name });
    } else {
      out.errors.push({ detector: d.name, error: describeError(r.reason) });
      log.warn("agent detector failed", { detector: d.name, ...errorFields(r.reason) });
    }
  });
  const seen = new Set<string>();
  out.findings = out.findings.filter((f) => !seen.has(f.fingerprint) && seen.add(f.fingerprint));
  return out;
}
