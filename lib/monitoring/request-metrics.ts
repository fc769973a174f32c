import { sql, type SQL } from "drizzle-orm";
import { addHistograms, bucketIndex, emptyHistogram } from "./latency-buckets";

/**
 * In-process request counters, keyed by minute + route pattern + method + status class, added into
 * `metric_buckets` by `flush()` (one upsert with increments: every instance adds into the same rows, so the
 * database holds the fleet's totals, never one process's view). Recording is a map update: no I/O, no await.
 *
 * Status classes: 2xx, 3xx, 5xx, and 4xx split so that bursts stay visible: 401, 403, 404, 429, and 4xx for the
 * other client errors. `errors` counts 5xx only: a 401/403/404 is the server doing its job, not failing.
 */
export type StatusClass = "1xx" | "2xx" | "3xx" | "401" | "403" | "404" | "429" | "4xx" | "5xx";
export const CLIENT_ERROR_CLASSES = ["401", "403", "404", "429", "4xx"] as const satisfies readonly StatusClass[];

export type RequestSample = { route: string; method: string; status: number; durationMs: number; at?: number };

export type Cell = {
  minute: number;
  route: string;
  method: string;
  statusClass: StatusClass;
  count: number;
  errors: number;
  latencySumMs: number;
  histogram: number[];
};

export type MetricsStats = {
  pendingKeys: number;
  /** Requests whose counts were dropped because the backlog hit its cap (oldest first). */
  droppedRequests: number;
  flushes: number;
  flushFailures: number;
  lastFlushAt: number | null;
  lastFlushError: string | null;
};

/** Something that runs SQL (the database or a transaction). */
export type SqlExecutor = { execute: (query: SQL) => Promise<unknown> };

const METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);
/** Rows per INSERT statement (8 parameters each, far below PostgreSQL's 65 535). */
const ROWS_PER_STATEMENT = 1000;

export function statusClass(status: number): StatusClass {
  if (status === 401 || status === 403 || status === 404 || status === 429) return String(status) as StatusClass;
  if (status >= 500) return "5xx";
  if (status >= 400) return "4xx";
  if (status >= 300) return "3xx";
  if (status >= 200) return "2xx";
  return "1xx";
}

export const minuteOf = (ms: number) => Math.floor(ms / 60_000) * 60_000;

function cellKey(c: Pick<Cell, "minute" | "route" | "method" | "statusClass">): string {
  return `${c.minute}\u0000${c.route}\u0000${c.method}\u0000${c.statusClass}`;
}

function mergeCell(into: Cell, from: Cell): void {
  into.count += from.count;
  into.errors += from.errors;
  into.latencySumMs += from.latencySumMs;
  addHistograms(into.histogram, from.histogram);
}

/**
 * The cells sorted by key, in chunks of ROWS_PER_STATEMENT. Sorted so that concurrent flushes from several instances
 * lock the same rows in the same order (no deadlock).
 */
export function chunkCells(cells: readonly Cell[]): Cell[][] {
  const sorted = cells.map((c) => [cellKey(c), c] as const).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const chunks: Cell[][] = [];
  for (let start = 0; start < sorted.length; start += ROWS_PER_STATEMENT) {
    chunks.push(sorted.slice(start, start + ROWS_PER_STATEMENT).map(([, c]) => c));
  }
  return chunks;
}

/** One upsert for many cells: `count = count + excluded.count`, …, and the histograms summed element-wise. */
export function upsertStatement(cells: readonly Cell[]): SQL {
  const rows = cells.map(
    (c) =>
      sql`(${new Date(c.minute).toISOString()}::timestamptz, ${c.route}, ${c.method}, ${c.statusClass}, ${c.count}::integer, ${c.errors}::integer, ${c.latencySumMs}::double precision, ${`{${c.histogram.join(",")}}`}::integer[])`,
  );
  return sql`insert into metric_buckets as mb
      (minute, route, method, status_class, count, errors, latency_sum_ms, latency_histogram)
    values ${sql.join(rows, sql`, `)}
    on conflict (minute, route, method, status_class) do update set
      count = mb.count + excluded.count,
      errors = mb.errors + excluded.errors,
      latency_sum_ms = mb.latency_sum_ms + excluded.latency_sum_ms,
      latency_histogram = (
        select array_agg(coalesce(h.a, 0) + coalesce(h.b, 0) order by h.i)
        from unnest(mb.latency_histogram, excluded.latency_histogram) with ordinality as h(a, b, i)
      )`;
}

export class RequestMetrics {
  private cells = new Map<string, Cell>();
  private flushing: Promise<boolean> | null = null;
  private readonly statsData: Omit<MetricsStats, "pendingKeys"> = {
    droppedRequests: 0,
    flushes: 0,
    flushFailures: 0,
    lastFlushAt: null,
    lastFlushError: null,
  };

  /** maxKeys bounds memory while the database is unreachable: past it, the oldest keys are dropped and counted. */
  constructor(private readonly maxKeys = 20_000) {}

  record(sample: RequestSample): void {
    const method = METHODS.has(sample.method.toUpperCase()) ? sample.method.toUpperCase() : "OTHER";
    const cls = statusClass(sample.status);
    const ms = Number.isFinite(sample.durationMs) && sample.durationMs > 0 ? sample.durationMs : 0;
    const minute = minuteOf(sample.at ?? Date.now());
    const route = sample.route.slice(0, 200);
    const key = `${minute}\u0000${route}\u0000${method}\u0000${cls}`;
    let cell = this.cells.get(key);
    if (!cell) {
      if (this.cells.size >= this.maxKeys) this.evictOldest(1);
      cell = { minute, route, method, statusClass: cls, count: 0, errors: 0, latencySumMs: 0, histogram: emptyHistogram() };
      this.cells.set(key, cell);
    }
    cell.count++;
    if (cls === "5xx") cell.errors++;
    cell.latencySumMs += ms;
    cell.histogram[bucketIndex(ms)]!++;
  }

  /** Map order is insertion order, so the first keys are the oldest. */
  private evictOldest(n: number): void {
    for (const [key, cell] of this.cells) {
      if (n-- <= 0) break;
      this.statsData.droppedRequests += cell.count;
      this.cells.delete(key);
    }
  }

  /** The pending cells (a copy), oldest first. */
  snapshot(): Cell[] {
    return [...this.cells.values()].map((c) => ({ ...c, histogram: [...c.histogram] }));
  }

  stats(): MetricsStats {
    return { pendingKeys: this.cells.size, ...this.statsData };
  }

  /**
   * Adds the pending counts into the database. On failure they are put back (ahead of the newer ones, merged by
   * key) for the next try, within the cap. Never throws; answers whether the flush succeeded. One at a time.
   */
  flush(database: SqlExecutor): Promise<boolean> {
    this.flushing ??= this.flushOnce(database).finally(() => {
      this.flushing = null;
    });
    return this.flushing;
  }

  private async flushOnce(database: SqlExecutor): Promise<boolean> {
    if (!this.cells.size) {
      this.statsData.lastFlushAt = Date.now();
      return true;
    }
    const chunks = chunkCells([...this.cells.values()]);
    this.cells = new Map();
    let done = 0;
    try {
      for (const chunk of chunks) {
        await database.execute(upsertStatement(chunk));
        done++;
      }
      this.statsData.flushes++;
      this.statsData.lastFlushAt = Date.now();
      this.statsData.lastFlushError = null;
      return true;
    } catch (error) {
      this.statsData.flushFailures++;
      this.statsData.lastFlushError = error instanceof Error ? error.message.slice(0, 300) : String(error).slice(0, 300);
      // chunks already committed must not be added twice: only the failed and the unsent ones go back
      const pending = chunks.slice(done).flat().sort((a, b) => a.minute - b.minute);
      this.putBack(pending.map((c) => [cellKey(c), c]));
      return false;
    }
  }

  private putBack(entries: [string, Cell][]): void {
    const newer = this.cells;
    this.cells = new Map(entries);
    for (const [key, cell] of newer) {
      const existing = this.cells.get(key);
      if (existing) mergeCell(existing, cell);
      else this.cells.set(key, cell);
    }
    if (this.cells.size > this.maxKeys) this.evictOldest(this.cells.size - this.maxKeys);
  }
}

const g = globalThis as typeof globalThis & { __shopRequestMetrics?: RequestMetrics };

/**
 * This process's aggregator. On globalThis: Next.js bundles instrumentation.ts and the route handlers separately,
 * and both must see the same counters.
 */
export function requestMetrics(): RequestMetrics {
  g.__shopRequestMetrics ??= new RequestMetrics();
  return g.__shopRequestMetrics;
}
