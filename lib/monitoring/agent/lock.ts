import { sql } from "drizzle-orm";
import { getDbHandle, queryRows } from "@/db/client";

/** One cycle at a time across every instance. Arbitrary constant, beside the audit chain's and the admin set's. */
export const AGENT_CYCLE_LOCK = 7_340_200;

const g = globalThis as typeof globalThis & { __shopAgentCycleRunning?: boolean };

export type Locked<T> = { acquired: true; value: T } | { acquired: false; reason: string };

/**
 * Runs `fn` holding the cycle lock, or answers at once that someone else holds it.
 * PostgreSQL: pg_try_advisory_xact_lock inside a transaction kept open on its own pooled connection for the whole
 * cycle (the cycle's own queries use other connections), so the lock is released with that connection's
 * transaction whatever happens, even if this process dies. PGlite has a single connection, on which session locks
 * are re-entrant: the same SQL (session lock) is taken and a process-local flag keeps a second concurrent caller out.
 */
export async function withCycleLock<T>(fn: () => Promise<T>): Promise<Locked<T>> {
  const handle = getDbHandle();
  const busy = { acquired: false as const, reason: "Another agent cycle is running (another instance or this one holds the lock); this one was skipped." };
  if (handle.kind === "postgres") {
    return handle.db.transaction(async (tx) => {
      const [r] = await queryRows<{ ok: boolean }>(tx, sql`select pg_try_advisory_xact_lock(${AGENT_CYCLE_LOCK}) as ok`);
      if (!r?.ok) return busy;
      return { acquired: true as const, value: await fn() };
    });
  }
  if (g.__shopAgentCycleRunning) return busy;
  g.__shopAgentCycleRunning = true;
  try {
    const [r] = await queryRows<{ ok: boolean }>(handle.db, sql`select pg_try_advisory_lock(${AGENT_CYCLE_LOCK}) as ok`);
    if (!r?.ok) return busy;
    try {
      return { acquired: true, value: await fn() };
    } finally {
      await handle.db.execute(sql`select pg_advisory_unlock(${AGENT_CYCLE_LOCK})`);
    }
  } finally {
    g.__shopAgentCycleRunning = false;
  }
}
