import { and, eq, gt, isNull } from "drizzle-orm";
import { db, type DbOrTx } from "@/db/client";
import { authTokens } from "@/db/schema";
import { randomToken, sha256Hex } from "./tokens";

export type MailTokenPurpose = "email_verify" | "password_reset";

export const MAIL_TOKEN_TTL_MS: Record<MailTokenPurpose, number> = {
  email_verify: 48 * 3600 * 1000,
  password_reset: 30 * 60 * 1000,
};

/** A single-use link token; only its hash is stored. Issuing a new one retires the user's older ones. */
export async function issueMailToken(database: DbOrTx, userId: number, purpose: MailTokenPurpose): Promise<string> {
  const token = randomToken();
  await database
    .update(authTokens)
    .set({ usedAt: new Date() })
    .where(and(eq(authTokens.userId, userId), eq(authTokens.purpose, purpose), isNull(authTokens.usedAt)));
  await database.insert(authTokens).values({
    userId,
    purpose,
    tokenHash: sha256Hex(token),
    expiresAt: new Date(Date.now() + MAIL_TOKEN_TTL_MS[purpose]),
  });
  return token;
}

/** Uses a token once: returns its user id if it was valid, unused and unexpired (a racing second use gets null). */
export async function consumeMailToken(database: DbOrTx, token: string, purpose: MailTokenPurpose): Promise<number | null> {
  const [row] = await database
    .update(authTokens)
    .set({ usedAt: new Date() })
    .where(
      and(
        eq(authTokens.tokenHash, sha256Hex(token)),
        eq(authTokens.purpose, purpose),
        isNull(authTokens.usedAt),
        gt(authTokens.expiresAt, new Date()),
      ),
    )
    .returning({ userId: authTokens.userId });
  return row?.userId ?? null;
}

export function mailTokenStillValid(token: string, purpose: MailTokenPurpose) {
  return db()
    .select({ userId: authTokens.userId })
    .from(authTokens)
    .where(
      and(eq(authTokens.tokenHash, sha256Hex(token)), eq(authTokens.purpose, purpose), isNull(authTokens.usedAt), gt(authTokens.expiresAt, new Date())),
    )
    .limit(1);
}
