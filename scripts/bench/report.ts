// Medians over the rounds, the table, the two ratios and the verdict.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { CORES } from "./cpu";
import { isClean, type Sample } from "./load";

export type Target = { key: "bypass" | "noop" | "full"; label: string; path: string };
export type Summary<T = Target> = {
  target: T;
  rps: number;
  p50: number;
  p99: number;
  /** the server's CPU time per request, microseconds */
  cpuUs: number | null;
  rounds: Sample[];
  clean: boolean;
};

/** The target: the full middleware keeps at least this share of the no-op middleware's throughput. */
export const TARGET_RATIO = 0.85;

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export function summarise<T>(target: T, rounds: Sample[]): Summary<T> {
  const cpu = rounds.map((r) => r.cpuUs);
  return {
    target,
    rps: median(rounds.map((r) => r.rps)),
    p50: median(rounds.map((r) => r.p50)),
    p99: median(rounds.map((r) => r.p99)),
    cpuUs: cpu.every((c) => c !== null) ? median(cpu as number[]) : null,
    rounds,
    clean: rounds.every(isClean),
  };
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const failures = (x: Sample) => x.errors + Object.values(x.unexpected).reduce((a, b) => a + b, 0);

export type Verdict = {
  frameworkRatio: number;
  logicRatio: number;
  pass: boolean;
  valid: boolean;
  maxLoad: number;
};

function printTable(rows: Summary[]): void {
  const header = [
    "target".padEnd(44),
    "req/s",
    "p50 ms",
    "p99 ms",
    "CPU µs/req",
    "  req/s per round".padEnd(22),
    "non-200+errors",
  ];
  console.info(
    `\n  medians of ${rows[0]!.rounds.length} rounds\n  ${header.join("  ")}\n  ${"─".repeat(126)}`,
  );
  for (const r of rows) {
    const cells = [
      `${r.target.label.padEnd(21)} ${r.target.path.padEnd(22)}`,
      r.rps.toFixed(0).padStart(5),
      r.p50.toFixed(1).padStart(6),
      r.p99.toFixed(1).padStart(6),
      (r.cpuUs === null ? "n/a" : r.cpuUs.toFixed(0)).padStart(10),
      `  ${r.rounds.map((x) => x.rps.toFixed(0)).join(" / ")}`.padEnd(22),
      String(r.rounds.reduce((n, x) => n + failures(x), 0)).padStart(14),
    ];
    console.info(`  ${cells.join("  ")}`);
  }
}

export function printReport(s: Record<Target["key"], Summary>): Verdict {
  const rows = [s.bypass, s.noop, s.full];
  printTable(rows);
  const verdict: Verdict = {
    frameworkRatio: s.noop.rps / s.bypass.rps,
    logicRatio: s.full.rps / s.noop.rps,
    pass: s.full.rps / s.noop.rps >= TARGET_RATIO,
    valid: rows.every((r) => r.clean),
    maxLoad: Math.max(...rows.flatMap((r) => r.rounds.map((x) => x.load))),
  };
  const cpuDelta = (a: Summary, b: Summary) =>
    a.cpuUs !== null && b.cpuUs !== null
      ? `; server CPU per request ${b.cpuUs >= a.cpuUs ? "+" : "−"}${Math.abs(b.cpuUs - a.cpuUs).toFixed(0)} µs`
      : "";
  console.info(
    `\n  (2)/(1) no-op middleware vs none  — the framework's cost: ${pct(verdict.frameworkRatio)} of the throughput kept${cpuDelta(s.bypass, s.noop)}`,
  );
  console.info(
    `  (3)/(2) full middleware vs no-op  — our logic's cost:     ${pct(verdict.logicRatio)} of the throughput kept${cpuDelta(s.noop, s.full)}`,
  );
  if (verdict.maxLoad > CORES) {
    console.info(
      `\n  Note: the machine was busy with other work (load average up to ${verdict.maxLoad.toFixed(1)} on ${CORES} cores): req/s are noisy, compare the rounds.`,
    );
  }
  if (!verdict.valid) {
    console.info(
      "\n  INVALID: some responses were not 200 or failed (see the table); the numbers above do not count.",
    );
    for (const r of rows)
      for (const [i, x] of r.rounds.entries())
        if (!isClean(x))
          console.info(
            `    ${r.target.label} round ${i + 1}: non-200 ${JSON.stringify(x.unexpected)}, errors ${x.errors}`,
          );
  } else {
    const line = `(3) keeps ${pct(verdict.logicRatio)} of (2)'s throughput; the target is at least ${pct(TARGET_RATIO)}`;
    console.info(`\n  ${verdict.pass ? "PASS" : "FAIL"}: ${line}`);
  }
  return verdict;
}

export function writeJson(file: string, data: unknown): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(data, null, 2) + "\n");
}
