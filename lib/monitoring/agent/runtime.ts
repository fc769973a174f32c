/**
 * Whether this process is the Next.js server (set by instrumentation.ts's register()). Outside it — the CLI, the
 * tests — Next's cache cannot be revalidated, and the agent records that action as skipped.
 */
const g = globalThis as typeof globalThis & { __shopInsideNextServer?: boolean };

export function markInsideNextServer(): void {
  g.__shopInsideNextServer = true;
}

export function isInsideNextServer(): boolean {
  return g.__shopInsideNextServer === true;
}
