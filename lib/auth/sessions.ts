import { and, eq, gt, isNull, lt, ne, or, sql } from "drizzle-orm";
import { db, type DbOrTx } from "@/db/client";
import { refreshTokens, sessions } from "@/db/schema";
import type { RequestMeta } from "@/lib/security/request-meta";
import { randomToken, sha256Hex } from "./tokens";

export const SESSION_TTL_MS = 7 * 24 * 3600 * 1000;
const TOUCH_INTERVAL_MS = 60_000;

export type SessionRow = typeof sessions.$inferSelect;

export async function createSession(
  database: DbOrTx,
  input: { userId: number; kind: "browser" | "api"; amr: string[]; meta: RequestMeta },
): Promise<SessionRow> {
  const [row] = await database
    .insert(sessions)
    .values({
      userId: input.userId,
      kind: input.kind,
      amr: input.amr,
      ip: input.meta.ip,
      userAgent: input.meta.userAgent,
      expiresAt: new Date(Date.now() + SESSION_TTL_MS),
    })
    .returning();
  return row!;
}

/** The session if it is neither revoked nor expired; marks it seen at most once a minute. */
export async function getLiveSession(id: string): Promise<SessionRow | null> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
  const [row] = await db()
    .select()
    .from(sessions)
    .where(and(eq(sessions.id, id), isNull(sessions.revokedAt), gt(sessions.expiresAt, new Date())))
    .limit(1);
  if (!row) return null;
  if (Date.now() - row.lastSeenAt.getTime() > TOUCH_INTERVAL_MS) {
    await db().update(sessions).set({ lastSeenAt: new Date() }).where(eq(sessions.id, id));
  }
  return row;
}

/** Revokes one session of this user (the owner filter is part of the write: someone else's session is untouched). */
export async function revokeSession(database: DbOrTx, id: string, reason: string, userId: number): Promise<boolean> {
  const rows = await database
    .update(sessions)
    .set({ revokedAt: new Date(), revokedReason: reason })
    .where(and(eq(sessions.id, id), isNull(sessions.revokedAt), eq(sessions.userId, userId)))
    .returning({ id: sessions.id });
  return rows.length > 0;
}

/** Revokes every live session of a user, optionally keeping one (the caller's). Returns how many. */
export async function revokeUserSessions(database: DbOrTx, userId: number, reason: string, exceptId?: string | null): Promise<number> {
  const rows = await database
    .update(sessions)
    .set({ revokedAt: new Date(), revokedReason: reason })
    .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt), exceptId ? ne(sessions.id, exceptId) : undefined))
    .returning({ id: sessions.id });
  return rows.length;
}

/** A new opaque refresh token for an API session; only its hash is stored. */
export async function issueRefreshToken(database: DbOrTx, session: SessionRow): Promise<string> {
  const token = randomToken();
  await database.insert(refreshTokens).values({ sessionId: session.id, tokenHash: sha256Hex(token), expiresAt: session.expiresAt });
  return token;
}

export type RotateResult =
  | { status: "ok"; session: SessionRow; refresh: string }
  | { status: "invalid" }
  | { status: "reused"; session: SessionRow };

/**
 * Exchanges a refresh token for a new one in the same session. A token used twice means it leaked: the whole
 * session is revoked (reuse detection). The "used" mark is a conditional update, so two racing uses cannot both win.
 */
export async function rotateRefreshToken(token: string): Promise<RotateResult> {
  return db().transaction(async (tx) => {
    const hash = sha256Hex(token);
    const [row] = await tx
      .select({ token: refreshTokens, session: sessions })
      .from(refreshTokens)
      .innerJoin(sessions, eq(sessions.id, refreshTokens.sessionId))
      .where(eq(refreshTokens.tokenHash, hash))
      .limit(1);
    if (!row) return { status: "invalid" } as const;
    const { session } = row;
    if (session.revokedAt || session.expiresAt <= new Date() || row.token.expiresAt <= new Date()) {
      return { status: "invalid" } as const;
    }
    const marked = await tx
      .update(refreshTokens)
      .set({ usedAt: new Date() })
      .where(and(eq(refreshTokens.id, row.token.id), isNull(refreshTokens.usedAt)))
      .returning({ id: refreshTokens.id });
    if (!marked.length) {
      await revokeSession(tx, session.id, "refresh_token_reuse", session.userId);
      return { status: "reused", session } as const;
    }
    const refresh = await issueRefreshToken(tx, session);
    await tx.update(sessions).set({ lastSeenAt: new Date() }).where(eq(sessions.id, session.id));
    return { status: "ok", session, refresh } as const;
  });
}

/** Housekeeping: drop expired refresh tokens and long-dead sessions. */
export async function purgeExpiredSessions(olderThanDays = 30): Promise<void> {
  const cutoff = new Date(Date.now() - olderThanDays * 24 * 3600 * 1000);
  await db().delete(refreshTokens).where(lt(refreshTokens.expiresAt, new Date()));
  await db()
    .delete(sessions)
    .where(or(lt(sessions.expiresAt, cutoff), and(sql`${sessions.revokedAt} is not null`, lt(sessions.revokedAt, cutoff))));
}
