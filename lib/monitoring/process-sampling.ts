import { monitorEventLoopDelay, performance, type IntervalHistogram } from "node:perf_hooks";

/**
 * Process samplers that never block: the event-loop delay histogram (libuv timer, 20 ms resolution) and CPU time
 * deltas (process.cpuUsage over wall time between two reads). Kept on globalThis so every bundle sees one copy.
 */
const LOOP_WINDOW_MS = 60_000;
const CPU_MIN_INTERVAL_MS = 1_000;

type LoopReading = { p99Ms: number; maxMs: number; meanMs: number; samples: number; windowSeconds: number };
type State = {
  loop: IntervalHistogram;
  loopSince: number;
  lastLoop: LoopReading | null;
  cpu: { usage: NodeJS.CpuUsage; at: number };
  lastCpu: { percent: number; windowSeconds: number } | null;
};
const g = globalThis as typeof globalThis & { __shopProcessSampling?: State };

/** Starts the samplers (idempotent); the first readings cover the time since this call. */
export function startProcessSampling(): void {
  if (g.__shopProcessSampling) return;
  const loop = monitorEventLoopDelay({ resolution: 20 });
  loop.enable();
  g.__shopProcessSampling = { loop, loopSince: performance.now(), lastLoop: null, cpu: { usage: process.cpuUsage(), at: performance.now() }, lastCpu: null };
}

function state(): State {
  startProcessSampling();
  return g.__shopProcessSampling!;
}

function readLoop(h: IntervalHistogram, since: number): LoopReading {
  return {
    p99Ms: h.percentile(99) / 1e6,
    maxMs: h.max / 1e6,
    meanMs: Number.isFinite(h.mean) ? h.mean / 1e6 : 0,
    samples: h.count,
    windowSeconds: Math.round((performance.now() - since) / 1000),
  };
}

/**
 * Event-loop delay over the current window (rotated every 60 s when read). Right after a rotation, while the new
 * window holds few samples, the previous window answers. Null before any sample.
 */
export function eventLoopDelay(): LoopReading | null {
  const s = state();
  const now = performance.now();
  if (now - s.loopSince >= LOOP_WINDOW_MS && s.loop.count > 0) {
    s.lastLoop = readLoop(s.loop, s.loopSince);
    s.loop.reset();
    s.loopSince = now;
  }
  if (s.loop.count >= 10 || (!s.lastLoop && s.loop.count > 0)) return readLoop(s.loop, s.loopSince);
  return s.lastLoop;
}

/**
 * CPU used by this process since the previous reading, as a percentage of one core (100 = one core busy the whole
 * time; above 100 is possible with worker threads and GC). Readings closer than 1 s answer the previous value.
 * Null on the very first call (no interval yet).
 */
export function cpuPercent(): { percent: number; windowSeconds: number } | null {
  const s = state();
  const now = performance.now();
  const elapsedMs = now - s.cpu.at;
  if (elapsedMs < CPU_MIN_INTERVAL_MS) return s.lastCpu;
  const delta = process.cpuUsage(s.cpu.usage);
  const percent = ((delta.user + delta.system) / 1000 / elapsedMs) * 100;
  s.lastCpu = { percent: Math.round(percent * 10) / 10, windowSeconds: Math.round(elapsedMs / 100) / 10 };
  s.cpu = { usage: process.cpuUsage(), at: now };
  return s.lastCpu;
}
