// One load run against one URL with autocannon (in this process), summarised.
import autocannon, { type Instance, type Request } from "autocannon";
import { loadAverage } from "./cpu";

export type Sample = {
  /** completed requests per second over the run */
  rps: number;
  /** latency percentiles, milliseconds */
  p50: number;
  p99: number;
  requests: number;
  /** responses with the expected status (200 unless the load said otherwise) */
  expected: number;
  /** responses whose status is not the expected one, by status */
  unexpected: Record<string, number>;
  /** connection errors and timeouts */
  errors: number;
  /** the server's CPU time per request, microseconds (null when it cannot be read) */
  cpuUs: number | null;
  /** the machine's 1-minute load average at the end of the run */
  load: number;
};

/** A load other than "GET one URL for N seconds": a request sequence, a fixed count, another expected status. */
export type Load = {
  url: string;
  requests?: Request[];
  /**
   * Send exactly this many requests and wait for every answer (instead of a duration): a timed run drops the requests
   * in flight when it stops, so the server may have done work that no counted answer reports.
   */
  amount?: number;
  expectedStatus?: number;
};

let running: Instance | null = null;

/** `cpuMs` reads the server's CPU time so far (see cpu.ts). */
export function measure(
  target: string | Load,
  seconds: number,
  connections: number,
  cpuMs: () => number | null,
): Promise<Sample> {
  const load: Load = typeof target === "string" ? { url: target } : target;
  const expectedStatus = String(load.expectedStatus ?? 200);
  const cpuBefore = cpuMs();
  const started = Date.now();
  let lastAnswer = started;
  return new Promise((resolve, reject) => {
    const options = {
      url: load.url,
      ...(load.requests ? { requests: load.requests } : {}),
      ...(load.amount ? { amount: load.amount } : { duration: seconds }),
    };
    running = autocannon({ ...options, connections, pipelining: 1, timeout: 10 }, (error, r) => {
      running = null;
      if (error) return reject(error);
      const unexpected = Object.fromEntries(
        Object.entries(r.statusCodeStats)
          .filter(([code]) => code !== expectedStatus)
          .map(([code, s]) => [code, s.count]),
      );
      const cpuAfter = cpuMs();
      // a counted run ends at its last answer; autocannon's own duration runs on to its next 1-second tick
      const duration = load.amount ? (lastAnswer - started) / 1000 : r.duration;
      resolve({
        rps: r.requests.total / duration,
        p50: r.latency.p50 ?? NaN,
        p99: r.latency.p99 ?? NaN,
        requests: r.requests.total,
        expected: r.statusCodeStats[expectedStatus]?.count ?? 0,
        unexpected,
        errors: r.errors + r.timeouts,
        cpuUs:
          cpuBefore !== null && cpuAfter !== null && r.requests.total
            ? ((cpuAfter - cpuBefore) * 1000) / r.requests.total
            : null,
        load: loadAverage(),
      });
    });
    if (load.amount) running.on("response", () => (lastAnswer = Date.now()));
  });
}

/** Stops a run in progress (Ctrl-C). */
export function stopLoad(): void {
  running?.stop();
}

export function isClean(s: Sample): boolean {
  return s.errors === 0 && Object.keys(s.unexpected).length === 0 && s.requests > 0;
}
