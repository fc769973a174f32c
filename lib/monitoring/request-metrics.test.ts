import type { SQL } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";
import { describe, expect, it } from "vitest";
import { HISTOGRAM_SIZE } from "./latency-buckets";
import { chunkCells, RequestMetrics, statusClass, upsertStatement, type Cell } from "./request-metrics";

const dialect = new PgDialect();
const T0 = Date.UTC(2025, 0, 1, 10, 0, 0);

/** A database stand-in that records each statement and fails when told to. */
function fakeDb(failures = 0) {
  const queries: { sql: string; params: unknown[] }[] = [];
  let left = failures;
  return {
    queries,
    async execute(query: SQL) {
      if (left-- > 0) throw new Error("connection refused");
      queries.push(dialect.sqlToQuery(query));
      return { rows: [] };
    },
  };
}

describe("statusClass", () => {
  it("keeps 401/403/404/429 apart and groups the rest by hundred", () => {
    expect([200, 204, 301, 400, 401, 403, 404, 409, 429, 500, 503].map(statusClass)).toEqual(["2xx", "2xx", "3xx", "4xx", "401", "403", "404", "4xx", "429", "5xx", "5xx"]);
  });
});

describe("RequestMetrics", () => {
  it("keys by minute, route, method and class; counts 5xx only as errors; fills the histogram", () => {
    const m = new RequestMetrics();
    m.record({ route: "/api/products/", method: "get", status: 200, durationMs: 3, at: T0 + 1000 });
    m.record({ route: "/api/products/", method: "GET", status: 200, durationMs: 120, at: T0 + 59_000 });
    m.record({ route: "/api/products/", method: "GET", status: 404, durationMs: 2, at: T0 + 2000 });
    m.record({ route: "/api/products/", method: "GET", status: 503, durationMs: 7, at: T0 + 3000 });
    m.record({ route: "/api/products/", method: "GET", status: 200, durationMs: 1, at: T0 + 60_000 });
    m.record({ route: "/api/products/", method: "BREW", status: 405, durationMs: 1, at: T0 });
    const cells = m.snapshot();
    expect(cells).toHaveLength(5);
    const ok = cells.find((c) => c.minute === T0 && c.statusClass === "2xx")!;
    expect(ok).toMatchObject({ method: "GET", count: 2, errors: 0, latencySumMs: 123 });
    expect(ok.histogram).toHaveLength(HISTOGRAM_SIZE);
    expect(ok.histogram[0]).toBe(1); // 3 ms
    expect(ok.histogram[5]).toBe(1); // 120 ms in (100, 250]
    expect(cells.find((c) => c.statusClass === "404")).toMatchObject({ count: 1, errors: 0 });
    expect(cells.find((c) => c.statusClass === "5xx")).toMatchObject({ count: 1, errors: 1 });
    expect(cells.find((c) => c.minute === T0 + 60_000)).toMatchObject({ count: 1 });
    expect(cells.find((c) => c.method === "OTHER")).toMatchObject({ statusClass: "4xx" });
  });

  it("flushes every key in one upsert with increments and an element-wise histogram sum, then starts empty", async () => {
    const m = new RequestMetrics();
    m.record({ route: "/api/b/", method: "GET", status: 200, durationMs: 3, at: T0 });
    m.record({ route: "/api/a/", method: "POST", status: 201, durationMs: 30, at: T0 });
    const db = fakeDb();
    expect(await m.flush(db)).toBe(true);
    expect(db.queries).toHaveLength(1);
    const q = db.queries[0]!;
    expect(q.sql).toMatch(/insert into metric_buckets/);
    expect(q.sql).toMatch(/on conflict \(minute, route, method, status_class\) do update set/);
    expect(q.sql).toMatch(/count = mb\.count \+ excluded\.count/);
    expect(q.sql).toMatch(/errors = mb\.errors \+ excluded\.errors/);
    expect(q.sql).toMatch(/unnest\(mb\.latency_histogram, excluded\.latency_histogram\) with ordinality/);
    // rows sorted by key (same lock order on every instance): /api/a/ before /api/b/
    expect(q.params.filter((p) => typeof p === "string" && p.startsWith("/api/"))).toEqual(["/api/a/", "/api/b/"]);
    expect(q.params).toContain("{0,0,0,1,0,0,0,0,0,0,0,0}");
    expect(m.stats()).toMatchObject({ pendingKeys: 0, flushes: 1, flushFailures: 0 });
    expect(await m.flush(db)).toBe(true);
    expect(db.queries).toHaveLength(1); // nothing pending: no statement
  });

  it("keeps the counts of a failed flush and adds them to what arrives meanwhile", async () => {
    const m = new RequestMetrics();
    m.record({ route: "/api/a/", method: "GET", status: 200, durationMs: 3, at: T0 });
    const down = fakeDb(1);
    expect(await m.flush(down)).toBe(false);
    expect(m.stats()).toMatchObject({ pendingKeys: 1, flushFailures: 1, lastFlushError: "connection refused" });
    m.record({ route: "/api/a/", method: "GET", status: 200, durationMs: 700, at: T0 });
    m.record({ route: "/api/c/", method: "GET", status: 500, durationMs: 1, at: T0 });
    const [a, c] = m.snapshot();
    expect(a).toMatchObject({ route: "/api/a/", count: 2, latencySumMs: 703 });
    expect(a!.histogram[0]).toBe(1);
    expect(a!.histogram[7]).toBe(1);
    expect(c).toMatchObject({ route: "/api/c/", errors: 1 });
    expect(await m.flush(down)).toBe(true);
    expect(m.stats()).toMatchObject({ pendingKeys: 0, lastFlushError: null });
  });

  it("bounds the backlog: past the cap the oldest keys are dropped and counted", async () => {
    const m = new RequestMetrics(3);
    for (let i = 0; i < 5; i++) m.record({ route: `/api/r${i}/`, method: "GET", status: 200, durationMs: 1, at: T0 + i * 60_000 });
    m.record({ route: "/api/r4/", method: "GET", status: 200, durationMs: 1, at: T0 + 4 * 60_000 });
    expect(m.snapshot().map((c) => c.route)).toEqual(["/api/r2/", "/api/r3/", "/api/r4/"]);
    expect(m.stats()).toMatchObject({ pendingKeys: 3, droppedRequests: 2 });
    // a failed flush put back ahead of newer keys still respects the cap, dropping the oldest
    expect(await m.flush(fakeDb(1))).toBe(false);
    m.record({ route: "/api/new/", method: "GET", status: 200, durationMs: 1, at: T0 + 5 * 60_000 });
    expect(m.snapshot().map((c) => c.route)).toEqual(["/api/r3/", "/api/r4/", "/api/new/"]);
    expect(m.stats().droppedRequests).toBe(3);
  });

  it("runs one flush at a time", async () => {
    const m = new RequestMetrics();
    m.record({ route: "/api/a/", method: "GET", status: 200, durationMs: 1, at: T0 });
    const db = fakeDb();
    const [x, y] = await Promise.all([m.flush(db), m.flush(db)]);
    expect([x, y]).toEqual([true, true]);
    expect(db.queries).toHaveLength(1);
  });

  it("splits very many keys into statements of at most 1000 rows, re-sending only the unsent ones after a failure", async () => {
    const cells: Cell[] = Array.from({ length: 2500 }, (_, i) => ({ minute: T0, route: `/api/r${i}/`, method: "GET", statusClass: "2xx", count: 1, errors: 0, latencySumMs: 1, histogram: [1] }));
    expect(chunkCells(cells).map((c) => c.length)).toEqual([1000, 1000, 500]);
    expect(dialect.sqlToQuery(upsertStatement(cells.slice(0, 2))).params).toHaveLength(16);

    const m = new RequestMetrics();
    for (let i = 0; i < 2500; i++) m.record({ route: `/api/r${i}/`, method: "GET", status: 200, durationMs: 1, at: T0 });
    let calls = 0;
    const flaky = {
      async execute() {
        if (++calls === 2) throw new Error("lost");
        return { rows: [] };
      },
    };
    expect(await m.flush(flaky)).toBe(false);
    expect(m.stats().pendingKeys).toBe(1500); // the first 1000 were committed
  });
});
