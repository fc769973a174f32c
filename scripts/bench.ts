// npm run bench [-- --suite all|middleware|commerce --seconds 10 --connections 32 --rounds 3 --warmup 5]
// Two suites on production servers of this tree (one build, in .next-bench), one after the other:
//   middleware  the liveness route without middleware, behind a no-op one and behind the full one; target: the
//               full middleware keeps at least 85% of the no-op's throughput (scripts/bench/middleware-suite.ts)
//   commerce    on a throwaway PostgreSQL database: the product list, a bare route answering a static JSON body of
//               the same size, and order placement; measurements only (scripts/bench/commerce-suite.ts)
// A report, not a test: exit code 0 on PASS and on FAIL; 1 when the run itself failed (server, unexpected answers,
// connection errors, orders that do not match the 201 answers). Results in .test-data/bench/results.json.
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { runCommerceSuite } from "./bench/commerce-suite";
import { CORES } from "./bench/cpu";
import { stopLoad } from "./bench/load";
import { runMiddlewareSuite } from "./bench/middleware-suite";
import { parseOptions, runsCommerce, runsMiddleware } from "./bench/options";
import { writeJson } from "./bench/report";
import { MULTIPLIER, stopServer, type ServerOptions } from "./bench/server";
import { snapshotTsconfig } from "./bench/tsconfig-check";

const DATA_DIR = path.join(".test-data", "bench");
const SERVER: ServerOptions = {
  port: 3400,
  dataDir: DATA_DIR,
  distDir: ".next-bench",
  readyTimeoutMs: 15 * 60_000,
};

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
  const middleware = runsMiddleware(o) ? await runMiddlewareSuite(o, SERVER, tsconfig) : null;
  // the commerce server serves the build the middleware suite measured (other work may change the sources meanwhile)
  const commerce = runsCommerce(o) ? await runCommerceSuite(o, { ...SERVER, build: !middleware }) : null;
  const file = path.join(DATA_DIR, "results.json");
  writeJson(file, {
    date: new Date().toISOString(),
    options: { ...o, pipelining: 1, rateLimitMultiplier: MULTIPLIER },
    machine: { cores: CORES },
    ...(middleware?.json ?? {}),
    ...(commerce ? { commerce: commerce.json } : {}),
  });
  console.info(`\n  results: ${file}`);
  return (middleware?.valid ?? true) && (commerce?.valid ?? true) ? 0 : 1;
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
