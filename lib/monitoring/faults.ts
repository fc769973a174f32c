import { ApiError } from "@/lib/http/problem";
import { routePattern, type RouteParams } from "./route-pattern";

/**
 * Fault injection for drills and tests (POST /api/monitoring/faults/, only with FAULT_INJECTION=1 and never in
 * production): an API route pattern answers 500 ("error") or slowly ("slow") for a share of its requests, until the
 * fault expires or is cleared. The faults live in this process only: with several instances, each has its own list
 * (set them on each instance, or run one). Kept on globalThis so every route bundle of the process sees one list.
 */
export type FaultMode = "error" | "slow";
export type Fault = { route: string; mode: FaultMode; rate: number; createdAt: Date; expiresAt: Date; createdBy: number | null };
export type FaultDecision = { mode: "error" } | { mode: "slow"; delayMs: number };

/** The added latency of a "slow" fault: uniform in [SLOW_MIN_MS, SLOW_MAX_MS). */
export const SLOW_MIN_MS = 1500;
export const SLOW_MAX_MS = 3500;

/** Monitoring, health checks and the middleware's internal endpoints are never faulted: the drill must stay observable. */
const EXEMPT = /^\/api\/(monitoring|health|internal)\//;

const g = globalThis as typeof globalThis & { __shopFaults?: Map<string, Fault> };
const store = (): Map<string, Fault> => (g.__shopFaults ??= new Map());

/** The key a fault is stored under: the route pattern of a path (`/api/products/12/` → `/api/products/[id]/`). */
export function faultRouteKey(route: string): string {
  return routePattern(route);
}

export function isFaultableRoute(pattern: string): boolean {
  return pattern.startsWith("/api/") && !EXEMPT.test(pattern);
}

/** The withApi hook's guard: a single size check, so requests pay nothing while no fault is set. */
export function faultsActive(): boolean {
  return g.__shopFaults !== undefined && g.__shopFaults.size > 0;
}

/** Sets (or replaces) the fault of a route pattern. */
export function setFault(input: { route: string; mode: FaultMode; rate: number; durationSeconds: number; createdBy?: number | null }, now = new Date()): Fault {
  const route = faultRouteKey(input.route);
  if (!isFaultableRoute(route)) throw new Error(`faults cannot apply to ${route}`);
  const fault: Fault = {
    route,
    mode: input.mode,
    rate: Math.min(1, Math.max(0, input.rate)),
    createdAt: now,
    expiresAt: new Date(now.getTime() + input.durationSeconds * 1000),
    createdBy: input.createdBy ?? null,
  };
  store().set(route, fault);
  return fault;
}

function prune(now: number): void {
  for (const [key, f] of store()) if (f.expiresAt.getTime() <= now) store().delete(key);
}

/** Faults still in force, oldest first. */
export function listFaults(now = Date.now()): Fault[] {
  prune(now);
  return [...store().values()].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
}

/** Clears one route's fault (given as a path or a pattern) or all; returns how many were removed. */
export function clearFaults(route?: string): number {
  if (route === undefined) {
    const n = store().size;
    store().clear();
    return n;
  }
  return store().delete(faultRouteKey(route)) ? 1 : 0;
}

/**
 * What to do to one request of `pattern` (a route pattern as routePattern() gives it): null for nothing, else the
 * fault's mode, drawn against its rate (rate 1 always, rate 0 never).
 */
export function faultFor(pattern: string, now = Date.now(), random: () => number = Math.random): FaultDecision | null {
  if (!faultsActive() || !isFaultableRoute(pattern)) return null;
  const fault = store().get(pattern);
  if (!fault) return null;
  if (fault.expiresAt.getTime() <= now) {
    store().delete(pattern);
    return null;
  }
  if (!(random() < fault.rate)) return null;
  if (fault.mode === "error") return { mode: "error" };
  return { mode: "slow", delayMs: Math.round(SLOW_MIN_MS + random() * (SLOW_MAX_MS - SLOW_MIN_MS)) };
}

/**
 * The withApi hook (called only while faultsActive()): "error" throws the 500 problem the metrics count as a 5xx,
 * "slow" waits before the handler runs.
 */
export async function injectFault(req: Request, params: RouteParams | undefined): Promise<void> {
  const pattern = routePattern(new URL(req.url).pathname, params);
  const decision = faultFor(pattern);
  if (!decision) return;
  if (decision.mode === "error") throw new ApiError("internal_error", `Injected fault: ${pattern} is set to fail (fault-injection drill).`);
  await new Promise((resolve) => setTimeout(resolve, decision.delayMs));
}
