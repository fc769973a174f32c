import type { z } from "zod";
import { and, desc, eq, gt, isNull, sql } from "drizzle-orm";
import { db } from "@/db/client";
import { sessions } from "@/db/schema";
import type { sessionSchema } from "./responses";

/** A user's live sessions, newest first. */
export async function listLiveSessions(userId: number, limit: number, offset: number) {
  const where = and(eq(sessions.userId, userId), isNull(sessions.revokedAt), gt(sessions.expiresAt, new Date()));
  const [count] = await db().select({ n: sql<number>`count(*)::int` }).from(sessions).where(where);
  const rows = await db().select().from(sessions).where(where).orderBy(desc(sessions.createdAt), desc(sessions.id)).limit(limit).offset(offset);
  return { count: count?.n ?? 0, rows };
}

export function serializeSession(s: typeof sessions.$inferSelect, currentSessionId: string | null): z.input<typeof sessionSchema> {
  return {
    id: s.id,
    kind: s.kind,
    created_at: s.createdAt.toISOString(),
    last_seen_at: s.lastSeenAt.toISOString(),
    expires_at: s.expiresAt.toISOString(),
    ip: s.ip,
    user_agent: s.userAgent,
    amr: s.amr,
    is_current: s.id === currentSessionId,
  };
}
