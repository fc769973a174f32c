// One load run against one URL with autocannon (in this process), summarised.
import autocannon, { type Instance } from "autocannon";
import { loadAverage } from "./cpu";

export type Sample = {
  /** completed requests per second over the run */
  rps: number;
  /** latency percentiles, milliseconds */
  p50: number;
  p99: number;
  requests: number;
  /** responses whose status is not 200, by status */
  non200: Record<string, number>;
  /** connection errors and timeouts */
  errors: number;
  /** the server's CPU time per request, microseconds (null when it cannot be read) */
  cpuUs: number | null;
  /** the machine's 1-minute load average at the end of the run */
  load: number;
};

let running: Instance | null = null;

/** `cpuMs` reads the server's CPU time so far (see cpu.ts). */
export function measure(
  url: string,
  seconds: number,
  connections: number,
  cpuMs: () => number | null,
): Promise<Sample> {
  const cpuBefore = cpuMs();
  return new Promise((resolve, reject) => {
    running = autocannon({ url, connections, pipelining: 1, duration: seconds, timeout: 10 }, (error, r) => {
      running = null;
      if (error) return reject(error);
      const non200 = Object.fromEntries(
        Object.entries(r.statusCodeStats)
          .filter(([code]) => code !== "200")
          .map(([code, s]) => [code, s.count]),
      );
      const cpuAfter = cpuMs();
      resolve({
        rps: r.requests.total / r.duration,
        p50: r.latency.p50 ?? NaN,
        p99: r.latency.p99 ?? NaN,
        requests: r.requests.total,
        non200,
        errors: r.errors + r.timeouts,
        cpuUs:
          cpuBefore !== null && cpuAfter !== null && r.requests.total
            ? ((cpuAfter - cpuBefore) * 1000) / r.requests.total
            : null,
        load: loadAverage(),
      });
    });
  });
}

/** Stops a run in progress (Ctrl-C). */
export function stopLoad(): void {
  running?.stop();
}

export function isClean(s: Sample): boolean {
  return s.errors === 0 && Object.keys(s.non200).length === 0 && s.requests > 0;
}
