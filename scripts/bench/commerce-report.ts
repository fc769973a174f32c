// The commerce table: medians of the rounds, (a)/(b), and the order check. Measurements only: the issue sets no
// target for these, so there is no PASS/FAIL; INVALID when an answer was unexpected or the orders do not add up.
import type { OrderCheck } from "./commerce-setup";
import { CORES } from "./cpu";
import { isClean, type Sample } from "./load";
import { median, summarise } from "./report";

export type CommerceTarget = { key: "list" | "bare" | "order"; label: string; path: string };
/** A sample plus the CPU time of the PostgreSQL backends serving the bench database, µs per request. */
export type CommerceSample = Sample & { dbCpuUs: number | null };

const failures = (x: Sample) => x.errors + Object.values(x.unexpected).reduce((a, b) => a + b, 0);
const cell = (x: number | null, width: number) => (x === null ? "n/a" : x.toFixed(0)).padStart(width);

export function printCommerceReport(
  targets: CommerceTarget[],
  samples: Record<CommerceTarget["key"], CommerceSample[]>,
  check: OrderCheck,
  /** probe and warm-up runs that had unexpected answers (they are not in the table, but they fail the run) */
  warmupFailures: string[],
) {
  const rows = targets.map((t) => {
    const db = samples[t.key].map((s) => s.dbCpuUs);
    return {
      ...summarise(t, samples[t.key]),
      dbCpuUs: db.every((c) => c !== null) ? median(db as number[]) : null,
    };
  });
  const [list, bare] = rows as [(typeof rows)[0], (typeof rows)[0]];
  const header = [
    "target".padEnd(62),
    "req/s",
    "p50 ms",
    "p99 ms",
    "CPU µs/req app + db",
    "  req/s per round".padEnd(22),
    "unexpected",
  ];
  console.info(
    `\n  commerce — medians of ${list.rounds.length} rounds\n  ${header.join("  ")}\n  ${"─".repeat(155)}`,
  );
  for (const r of rows) {
    console.info(
      `  ${[
        `${r.target.label.padEnd(21)} ${r.target.path.padEnd(40)}`,
        r.rps.toFixed(0).padStart(5),
        r.p50.toFixed(1).padStart(6),
        r.p99.toFixed(1).padStart(6),
        `${cell(r.cpuUs, 9)} + ${cell(r.dbCpuUs, 5)}`.padEnd(19),
        `  ${r.rounds.map((x) => x.rps.toFixed(0)).join(" / ")}`.padEnd(22),
        String(r.rounds.reduce((n, x) => n + failures(x), 0)).padStart(10),
      ].join("  ")}`,
    );
  }
  const listOverBare = list.rps / bare.rps;
  console.info(
    `\n  (a)/(b) product list vs bare static JSON of the same size — the database and serialisation: ${(listOverBare * 100).toFixed(1)}% of the throughput kept; p50 ${list.p50.toFixed(1)} vs ${bare.p50.toFixed(1)} ms`,
  );
  console.info(
    `  (c) orders: ${check.answered201} answered 201, ${check.ordersInDatabase} orders created (${check.unitsOrdered} units), stock down by ${check.stockDecrease}; per product, stock taken ${check.perProductMatches ? "=" : "≠"} units ordered — ${check.consistent ? "consistent" : "MISMATCH"}`,
  );
  const maxLoad = Math.max(...rows.flatMap((r) => r.rounds.map((x) => x.load)));
  if (maxLoad > CORES)
    console.info(
      `\n  Note: the machine was busy with other work (load average up to ${maxLoad.toFixed(1)} on ${CORES} cores): req/s are noisy, compare the rounds.`,
    );
  const clean = rows.every((r) => r.clean) && warmupFailures.length === 0;
  if (!clean) {
    console.info(
      "\n  INVALID: some answers were not the expected status or failed; the numbers above do not count.",
    );
    for (const r of rows)
      for (const [i, x] of r.rounds.entries())
        if (!isClean(x))
          console.info(
            `    ${r.target.label} round ${i + 1}: unexpected ${JSON.stringify(x.unexpected)}, errors ${x.errors}`,
          );
    for (const f of warmupFailures) console.info(`    ${f}`);
  }
  if (!check.consistent)
    console.info("\n  INVALID: the orders in the database do not match the 201 answers (see above).");
  if (clean && check.consistent) console.info("\n  Measurements only: the issue sets no target for these.");
  const results = Object.fromEntries(
    rows.map((r) => [
      r.target.key,
      {
        path: r.target.path,
        rps: r.rps,
        p50Ms: r.p50,
        p99Ms: r.p99,
        cpuUsPerRequest: r.cpuUs,
        dbCpuUsPerRequest: r.dbCpuUs,
        rounds: r.rounds,
      },
    ]),
  );
  return { valid: clean && check.consistent, listOverBare, results, maxLoad };
}
