// npm test — the whole suite: typecheck, lint, unit + integration (PGlite, and PostgreSQL when TEST_DATABASE_URL
// is set), one production build, HTTP tests against real servers of it (with PostgreSQL), then the Playwright e2e
// suite against the same build. Ends with one line: "tests: N passed, N failed".
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";

const root = process.cwd();
const bin = (name) => path.join(root, "node_modules", ".bin", name);
const results = [];
let passed = 0;
let failed = 0;
let skipped = 0;
const report = path.join(root, ".test-data", "reports");
rmSync(report, { recursive: true, force: true });
mkdirSync(report, { recursive: true });

function step(name, command, args, env = {}) {
  const started = Date.now();
  console.info(`\n━━ ${name} ━━ ${[path.basename(command), ...args].join(" ")}`);
  const r = spawnSync(command, args, { stdio: "inherit", env: { ...process.env, ...env } });
  const ok = r.status === 0;
  results.push({ name, ok, seconds: Math.round((Date.now() - started) / 1000) });
  return ok;
}

function vitestCounts(file, label) {
  if (!existsSync(file)) return;
  const j = JSON.parse(readFileSync(file, "utf8"));
  passed += j.numPassedTests;
  failed += j.numFailedTests;
  skipped += j.numPendingTests + (j.numTodoTests ?? 0);
  console.info(`${label}: ${j.numPassedTests} passed, ${j.numFailedTests} failed in ${j.numTotalTestSuites} suites`);
}

step("typecheck", bin("tsc"), ["--noEmit"]);
step("lint", bin("eslint"), ["--max-warnings", "0", "."]);

const unitJson = path.join(report, "vitest-unit-pglite.json");
step("unit + integration (PGlite)", bin("vitest"), ["run", "--project", "unit", "--project", "pglite", "--reporter=default", "--reporter=json", `--outputFile.json=${unitJson}`]);
vitestCounts(unitJson, "unit + integration on PGlite");

if (process.env.TEST_DATABASE_URL) {
  const pgJson = path.join(report, "vitest-postgres.json");
  step("integration (PostgreSQL)", bin("vitest"), ["run", "--project", "postgres", "--reporter=default", "--reporter=json", `--outputFile.json=${pgJson}`]);
  vitestCounts(pgJson, "integration on PostgreSQL");
} else {
  console.info("\nintegration (PostgreSQL): not run — set TEST_DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/postgres) to run it; .ci/run does.");
}

// one production build for the HTTP tests and the e2e suite
const built = step("production build", bin("tsx"), ["scripts/start.ts", "--build-only"]);

if (process.env.TEST_DATABASE_URL && built) {
  const httpJson = path.join(report, "vitest-http.json");
  step("HTTP tests (real servers of the production build)", bin("vitest"), ["run", "--project", "http", "--reporter=default", "--reporter=json", `--outputFile.json=${httpJson}`]);
  vitestCounts(httpJson, "HTTP tests against the production build");
} else if (!process.env.TEST_DATABASE_URL) {
  console.info("\nHTTP tests: not run — they share PostgreSQL between server instances; set TEST_DATABASE_URL (.ci/run does).");
}

const chromium = [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser"].find((p) => p && existsSync(p));
if (!chromium) {
  console.error("\ne2e: no Chromium found. Install Debian's with `sudo apt-get update && sudo apt-get install -y chromium`, or set CHROMIUM_PATH.");
  results.push({ name: "e2e (Playwright)", ok: false, seconds: 0 });
  failed += 1;
} else {
  const dataDir = path.join(root, ".test-data", "e2e");
  rmSync(dataDir, { recursive: true, force: true });
  const e2eJson = path.join(report, "playwright.json");
  step("e2e (Playwright, production build)", bin("playwright"), ["test"], { E2E_DATA_DIR: dataDir, E2E_JSON_REPORT: e2eJson, CHROMIUM_PATH: chromium });
  if (existsSync(e2eJson)) {
    const s = JSON.parse(readFileSync(e2eJson, "utf8")).stats;
    passed += s.expected;
    failed += s.unexpected + s.flaky;
    skipped += s.skipped;
    console.info(`e2e: ${s.expected} passed, ${s.unexpected} failed, ${s.flaky} flaky`);
  }
}

console.info("\n━━ summary ━━");
for (const r of results) console.info(`${r.ok ? "✓" : "✗"} ${r.name} (${r.seconds}s)`);
const allOk = results.every((r) => r.ok);
if (!allOk && failed === 0) failed = results.filter((r) => !r.ok).length;
console.info(`tests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
process.exit(allOk ? 0 : 1);
