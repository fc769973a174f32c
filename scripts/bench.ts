// npm run bench [-- --seconds 10 --connections 32 --rounds 3 --warmup 5]
// What the middleware costs, measured on one production server of this tree (build in .next-bench, embedded DB):
//   (1) /__bench/bypass/health  the liveness route, middleware bypassed (excluded by its matcher)
//   (2) /__bench/noop/health    the same route behind a middleware that returns NextResponse.next() at once
//   (3) /api/health/            the same route behind the full middleware (IP, IP blocks, rate limits, CORS, CSP)
// Interleaved rounds, the median of each; target: (3) keeps at least 85% of (2)'s throughput. A report, not a test:
// exit code 0 on PASS and on FAIL; 1 when the run itself failed (server, non-200 answers, connection errors).
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { POLICIES } from "@/lib/ratelimit/policies";
import { CORES, groupCpuMs } from "./bench/cpu";
import { measure, stopLoad, type Sample } from "./bench/load";
import { parseOptions } from "./bench/options";
import { checkTargets } from "./bench/preflight";
import { printReport, summarise, TARGET_RATIO, writeJson, type Target } from "./bench/report";
import { serverGroup, startServer, stopServer } from "./bench/server";
import { checkTsconfig, snapshotTsconfig } from "./bench/tsconfig-check";

const PORT = 3400;
const DATA_DIR = path.join(".test-data", "bench");
const MULTIPLIER = 10_000;
const TARGETS: Target[] = [
  { key: "bypass", label: "(1) no middleware", path: "/__bench/bypass/health" },
  { key: "noop", label: "(2) no-op middleware", path: "/__bench/noop/health" },
  { key: "full", label: "(3) full middleware", path: "/api/health/" },
];

const tsconfig = snapshotTsconfig();

/** An interrupted build can leave tsconfig.json as `next build` rewrote it: say so (it is not this script's file). */
function warnIfTsconfigChanged(): void {
  if (snapshotTsconfig() === tsconfig) return;
  const saved = path.join(DATA_DIR, "tsconfig.before.json");
  mkdirSync(DATA_DIR, { recursive: true });
  writeFileSync(saved, tsconfig);
  console.error(
    `WARNING: tsconfig.json changed during this run (an interrupted \`next build\` leaves its edit): the file as it was is in ${saved}.`,
  );
}

async function main(): Promise<number> {
  const o = parseOptions(process.argv.slice(2));
  rmSync(DATA_DIR, { recursive: true, force: true });

  console.info("Starting the server (builds into .next-bench when the sources changed: a few minutes)…");
  const server = await startServer({
    port: PORT,
    dataDir: DATA_DIR,
    distDir: ".next-bench",
    readyTimeoutMs: 15 * 60_000,
  });
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
  const file = path.join(DATA_DIR, "results.json");
  writeJson(file, {
    date: new Date().toISOString(),
    options: { ...o, pipelining: 1, rateLimitMultiplier: MULTIPLIER },
    build: { distDir: ".next-bench", built: server.built, startSeconds: server.startSeconds },
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
  });
  console.info(`\n  results: ${file}`);
  return verdict.valid ? 0 : 1;
}

let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    console.info(`\n${signal}: stopping the server…`);
    stopLoad();
    void stopServer().finally(() => {
      warnIfTsconfigChanged();
      process.exit(130);
    });
  });
}

let code = 1;
try {
  code = await main();
} catch (error) {
  if (!stopping) console.error(`\nbench failed: ${error instanceof Error ? error.message : String(error)}`);
} finally {
  if (!stopping) {
    await stopServer();
    console.info("Server stopped.");
    warnIfTsconfigChanged();
  }
}
// after Ctrl-C the signal handler exits, once the server is stopped
if (!stopping) process.exit(code);
