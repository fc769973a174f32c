import { and, eq, gt, sql } from "drizzle-orm";
import { db } from "@/db/client";
import { loginThrottles, users } from "@/db/schema";
import { env } from "@/lib/env";

/**
 * Lockout after repeated sign-in failures, per account and per client IP (the original's intent, done right):
 * failures counted atomically in the database, the counter restarts after a lock or a quiet window, and a lock
 * lasts AUTH_LOCKOUT_MINUTES. Wrong second factors count too.
 */

export async function isIpLocked(ip: string | null): Promise<boolean> {
  if (!ip) return false;
  const [row] = await db()
    .select({ key: loginThrottles.key })
    .from(loginThrottles)
    .where(and(eq(loginThrottles.key, `ip:${ip}`), gt(loginThrottles.lockedUntil, new Date())))
    .limit(1);
  return Boolean(row);
}

export function isAccountLocked(user: { lockedUntil: Date | null }): boolean {
  return user.lockedUntil !== null && user.lockedUntil > new Date();
}

/** Counts one failure for the IP; returns true when this failure locked it. */
export async function recordIpFailure(ip: string | null): Promise<boolean> {
  if (!ip) return false;
  const { AUTH_LOCKOUT_THRESHOLD: threshold, AUTH_LOCKOUT_MINUTES: minutes } = env();
  const window = sql`make_interval(mins => ${minutes})`;
  const [row] = await db()
    .insert(loginThrottles)
    .values({ key: `ip:${ip}`, failures: 1, windowStartedAt: new Date(), updatedAt: new Date() })
    .onConflictDoUpdate({
      target: loginThrottles.key,
      set: {
        failures: sql`case when ${loginThrottles.windowStartedAt} < now() - ${window} then 1 else ${loginThrottles.failures} + 1 end`,
        windowStartedAt: sql`case when ${loginThrottles.windowStartedAt} < now() - ${window} then now() else ${loginThrottles.windowStartedAt} end`,
        updatedAt: sql`now()`,
      },
    })
    .returning({ failures: loginThrottles.failures });
  if ((row?.failures ?? 0) < threshold) return false;
  const locked = await db()
    .update(loginThrottles)
    .set({ lockedUntil: sql`now() + ${window}`, failures: 0, windowStartedAt: sql`now()` })
    .where(and(eq(loginThrottles.key, `ip:${ip}`), sql`${loginThrottles.failures} >= ${threshold}`))
    .returning({ key: loginThrottles.key });
  return locked.length > 0;
}

/** Counts one failure for the account in one statement; returns true when this failure locked it. */
export async function recordAccountFailure(userId: number): Promise<boolean> {
  const { AUTH_LOCKOUT_THRESHOLD: threshold, AUTH_LOCKOUT_MINUTES: minutes } = env();
  const window = sql`make_interval(mins => ${minutes})`;
  const fresh = sql`(${users.lastFailedLoginAt} is null or ${users.lastFailedLoginAt} < now() - ${window})`;
  const next = sql`(case when ${fresh} then 1 else ${users.failedLoginAttempts} + 1 end)`;
  const [row] = await db()
    .update(users)
    .set({
      // reaching the threshold locks the account and restarts the count, so an expired lock needs 5 new failures
      lockedUntil: sql`case when ${next} >= ${threshold} then now() + ${window} else ${users.lockedUntil} end`,
      failedLoginAttempts: sql`case when ${next} >= ${threshold} then 0 else ${next} end`,
      lastFailedLoginAt: sql`now()`,
    })
    .where(eq(users.id, userId))
    .returning({ lockedUntil: users.lockedUntil, failed: users.failedLoginAttempts });
  return Boolean(row && row.failed === 0 && row.lockedUntil && row.lockedUntil > new Date());
}

export async function resetAccountFailures(userId: number): Promise<void> {
  await db()
    .update(users)
    .set({ failedLoginAttempts: 0, lastFailedLoginAt: null, lastLoginAt: new Date() })
    .where(eq(users.id, userId));
}

/** Admin action: lift the account's lock and forget its failures. */
export async function unlockAccount(userId: number): Promise<boolean> {
  const rows = await db()
    .update(users)
    .set({ failedLoginAttempts: 0, lastFailedLoginAt: null, lockedUntil: null })
    .where(eq(users.id, userId))
    .returning({ id: users.id });
  return rows.length > 0;
}
