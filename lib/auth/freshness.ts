import { and, eq, gt, sql } from "drizzle-orm";
import { db } from "@/db/client";
import { sessions } from "@/db/schema";
import { ApiError } from "@/lib/http/problem";

/** Sensitive changes (adding or removing a passkey) need a sign-in this recent. */
export const FRESH_SIGN_IN_MINUTES = 10;
export const REAUTHENTICATE_DETAIL = "Sign in again to add or remove a passkey.";

/** True while the session was created less than FRESH_SIGN_IN_MINUTES ago (by the database's clock). */
export async function isSessionFresh(sessionId: string): Promise<boolean> {
  const [row] = await db()
    .select({ id: sessions.id })
    .from(sessions)
    .where(
      and(
        eq(sessions.id, sessionId),
        gt(sessions.createdAt, sql`now() - make_interval(mins => ${FRESH_SIGN_IN_MINUTES})`),
      ),
    )
    .limit(1);
  return Boolean(row);
}

/** 403 `{reauthentication_required: true}` unless the caller signed in within the last FRESH_SIGN_IN_MINUTES. */
export async function assertFreshSession(
  principal: { sessionId: string },
  detail = REAUTHENTICATE_DETAIL,
): Promise<void> {
  if (!(await isSessionFresh(principal.sessionId))) {
    throw new ApiError("forbidden", detail, { extensions: { reauthentication_required: true } });
  }
}
