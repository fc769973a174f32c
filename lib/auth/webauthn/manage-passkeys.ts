import "server-only";
import { and, count, eq, sql } from "drizzle-orm";
import { db } from "@/db/client";
import { users, webauthnCredentials } from "@/db/schema";
import { audit } from "@/lib/audit/write";
import { assertFreshSession } from "@/lib/auth/freshness";
import { ApiError } from "@/lib/http/problem";
import type { RequestMeta } from "@/lib/security/request-meta";

type Caller = { userId: number; sessionId: string };
type PasskeyRow = typeof webauthnCredentials.$inferSelect;

const NOT_FOUND = "Not found.";

/** Renames one of the caller's passkeys; someone else's (or a missing one) is a 404. */
export async function renamePasskey(
  caller: Caller,
  id: number,
  name: string,
  meta: RequestMeta,
): Promise<PasskeyRow> {
  const [row] = await db()
    .update(webauthnCredentials)
    .set({ name })
    .where(and(eq(webauthnCredentials.id, id), eq(webauthnCredentials.userId, caller.userId)))
    .returning();
  if (!row) throw new ApiError("not_found", NOT_FOUND);
  await audit({
    action: "WEBAUTHN_RENAME",
    targetType: "PASSKEY",
    targetId: id,
    result: "SUCCESS",
    actorUserId: caller.userId,
    meta,
    metadata: { name },
  });
  return row;
}

/**
 * Removes one of the caller's passkeys (fresh sign-in required). It may not remove the last way to sign in: a user
 * without a password keeps their last passkey. The user row is locked meanwhile, so two concurrent revocations
 * cannot each remove "one of two". Someone else's passkey is a 404.
 */
export async function revokePasskey(caller: Caller, id: number, meta: RequestMeta): Promise<void> {
  await assertFreshSession(caller);
  const outcome = await db().transaction(async (tx) => {
    const [user] = await tx
      .select({ hasPassword: sql<boolean>`${users.passwordHash} <> ''` })
      .from(users)
      .where(eq(users.id, caller.userId))
      .for("update");
    if (!user) return "not_found" as const;
    const [total] = await tx
      .select({ n: count() })
      .from(webauthnCredentials)
      .where(eq(webauthnCredentials.userId, caller.userId));
    const [mine] = await tx
      .select({ id: webauthnCredentials.id })
      .from(webauthnCredentials)
      .where(and(eq(webauthnCredentials.id, id), eq(webauthnCredentials.userId, caller.userId)));
    if (!mine) return "not_found" as const;
    if (!user.hasPassword && (total?.n ?? 0) <= 1) return "last_method" as const;
    await tx
      .delete(webauthnCredentials)
      .where(and(eq(webauthnCredentials.id, id), eq(webauthnCredentials.userId, caller.userId)));
    return "revoked" as const;
  });
  if (outcome === "not_found") throw new ApiError("not_found", NOT_FOUND);
  if (outcome === "last_method") {
    await audit({
      action: "WEBAUTHN_REVOKE",
      targetType: "PASSKEY",
      targetId: id,
      result: "FAILURE",
      actorUserId: caller.userId,
      meta,
      metadata: { reason: "last_sign_in_method" },
    });
    throw new ApiError(
      "conflict",
      "This passkey is your only way to sign in: add another one (or a password) before removing it.",
    );
  }
  await audit({
    action: "WEBAUTHN_REVOKE",
    targetType: "PASSKEY",
    targetId: id,
    result: "SUCCESS",
    actorUserId: caller.userId,
    meta,
  });
}
