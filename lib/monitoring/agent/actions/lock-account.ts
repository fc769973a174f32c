import { eq } from "drizzle-orm";
import { users } from "@/db/schema";
import type { ActionKind, AgentActionRow } from "./types";

const userIdOf = (row: AgentActionRow) => Number(/^user:(\d+)$/.exec(row.target ?? "")?.[1] ?? NaN);

/**
 * Locks an account (users.locked_until, the same lock repeated sign-in failures set): nobody signs in to it until
 * then, whatever the password. An existing longer lock is kept. Undo restores what was there before, unless the
 * lock changed since (then it is left alone and the answer says so).
 */
export const lockAccount: ActionKind = {
  requiresApproval: false,
  capped: true,
  inTransaction: true,
  async run(database, row, ctx) {
    const userId = userIdOf(row);
    const until = row.expiresAt ?? new Date(ctx.now.getTime() + ctx.config.lockMinutes * 60_000);
    const [user] = await database.select({ lockedUntil: users.lockedUntil }).from(users).where(eq(users.id, userId)).for("update");
    if (!user) throw new Error(`user ${userId} not found`);
    const previous = user.lockedUntil;
    const lockedUntil = previous && previous > until ? previous : until;
    await database.update(users).set({ lockedUntil }).where(eq(users.id, userId));
    return {
      message: `Account ${row.target} locked until ${lockedUntil.toISOString()}${lockedUntil === previous ? " (an existing longer lock was kept)" : ""}.`,
      success: true,
      outcome: "done",
      metadata: { previous_locked_until: previous?.toISOString() ?? null, locked_until: lockedUntil.toISOString() },
    };
  },
  async undo(database, row, now) {
    const userId = userIdOf(row);
    const m = row.metadata as { previous_locked_until?: string | null; locked_until?: string };
    const [user] = await database.select({ lockedUntil: users.lockedUntil }).from(users).where(eq(users.id, userId)).for("update");
    if (!user || user.lockedUntil?.toISOString() !== m.locked_until) return `The lock of ${row.target} changed since the agent set it; it was left as it is.`;
    const previous = m.previous_locked_until ? new Date(m.previous_locked_until) : null;
    await database.update(users).set({ lockedUntil: previous && previous > now ? previous : null }).where(eq(users.id, userId));
    return `Account ${row.target} unlocked${previous && previous > now ? ` (back to its earlier lock until ${previous.toISOString()})` : ""}.`;
  },
};
