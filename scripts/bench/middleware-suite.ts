// The middleware suite: what the middleware costs, measured on one production server of this tree (embedded DB):
//   (1) /__bench/bypass/health  the liveness route, middleware bypassed (excluded by its matcher)
//   (2) /__bench/noop/health    the same route behind a middleware that returns NextResponse.next() at once
//   (3) /api/health/            the same route behind the full middleware (IP, IP blocks, rate limits, CORS, CSP)
// Interleaved rounds, the median of each; target: (3) keeps at least 85% of (2)'s throughput.
import { POLICIES } from "@/lib/ratelimit/policies";
import { CORES, groupCpuMs } from "./cpu";
import { measure, type Sample } from "./load";
import type { Options } from "./options";
import { checkTargets } from "./preflight";
import { printReport, summarise, TARGET_RATIO, type Target } from "./report";
import { MULTIPLIER, serverGroup, startServer, stopServer, type ServerOptions } from "./server";
import { checkTsconfig } from "./tsconfig-check";

const TARGETS: Target[] = [
  { key: "bypass", label: "(1) no middleware", path: "/__bench/bypass/health" },
  { key: "noop", label: "(2) no-op middleware", path: "/__bench/noop/health" },
  { key: "full", label: "(3) full middleware", path: "/api/health/" },
];

/** Starts the server (building it when the sources changed), measures, stops it. */
export async function runMiddlewareSuite(
  o: Options,
  serverOptions: ServerOptions,
  tsconfig: string,
): Promise<{ json: Record<string, unknown>; valid: boolean }> {
  console.info("Starting the server (builds into .next-bench when the sources changed: a few minutes)…");
  const server = await startServer(serverOptions);
  try {
    console.info(
      `Ready after ${server.startSeconds.toFixed(0)} s (${server.built ? "built" : "reused the existing build"}).`,
    );
    const tsconfigCheck = checkTsconfig(tsconfig);
    const anonLimit = POLICIES["api.anon"].limit * MULTIPLIER;
    await checkTargets(server.url, TARGETS, anonLimit);
    const load = (t: Target, seconds: number) =>
      measure(`${server.url}${t.path}`, seconds, o.connections, () => groupCpuMs(serverGroup() ?? -1));

    console.info(
      `\nRATE_LIMIT_MULTIPLIER=${MULTIPLIER}: the limiter does all its work on every request but allows ${anonLimit} per hour per IP, so it never refuses one here.`,
    );
    console.info(
      `Load: ${o.connections} connections, pipelining 1, ${o.seconds} s per run, ${o.rounds} interleaved rounds.`,
    );

    for (const t of o.warmup > 0 ? TARGETS : []) {
      console.info(`  warm-up   ${t.label.padEnd(21)} ${o.warmup} s`);
      await load(t, o.warmup);
    }
    const samples: Record<Target["key"], Sample[]> = { bypass: [], noop: [], full: [] };
    for (let round = 0; round < o.rounds; round++) {
      // each round starts with another target, so that no target always runs in the same position
      for (const t of [...TARGETS.slice(round % 3), ...TARGETS.slice(0, round % 3)]) {
        const s = await load(t, o.seconds);
        samples[t.key].push(s);
        console.info(
          `  round ${round + 1}   ${t.label.padEnd(21)} ${s.rps.toFixed(0).padStart(6)} req/s  p50 ${s.p50.toFixed(1)} ms  p99 ${s.p99.toFixed(1)} ms  CPU ${s.cpuUs?.toFixed(0) ?? "n/a"} µs/req  load ${s.load.toFixed(1)}`,
        );
      }
    }

    const summaries = {
      bypass: summarise(TARGETS[0]!, samples.bypass),
      noop: summarise(TARGETS[1]!, samples.noop),
      full: summarise(TARGETS[2]!, samples.full),
    };
    const verdict = printReport(summaries);
    return {
      valid: verdict.valid,
      json: {
        build: { distDir: serverOptions.distDir, built: server.built, startSeconds: server.startSeconds },
        tsconfig: tsconfigCheck,
        results: Object.fromEntries(
          Object.values(summaries).map((s) => [
            s.target.key,
            {
              path: s.target.path,
              rps: s.rps,
              p50Ms: s.p50,
              p99Ms: s.p99,
              cpuUsPerRequest: s.cpuUs,
              rounds: s.rounds,
            },
          ]),
        ),
        ratios: {
          noopOverBypass_frameworkCost: verdict.frameworkRatio,
          fullOverNoop_logicCost: verdict.logicRatio,
        },
        target: { fullOverNoopAtLeast: TARGET_RATIO },
        machine: { cores: CORES, maxLoadAverage: verdict.maxLoad },
        verdict: verdict.valid ? (verdict.pass ? "PASS" : "FAIL") : "INVALID",
      },
    };
  } finally {
    await stopServer();
  }
}
