import { and, eq, gt, isNull } from "drizzle-orm";
import { db } from "@/db/client";
import { authTokens } from "@/db/schema";
import { randomToken, safeEqual, sha256Hex } from "./tokens";

/**
 * The proof that the password step of an MFA sign-in succeeded: 256 random bits handed to the client, stored only
 * as a hash (like the mail tokens), valid for 5 minutes and for one second-step attempt. It is bound to the user,
 * to the door that issued it (a browser step cannot be finished through the API) and to the password hash that was
 * checked, so a password change or reset in between voids it.
 */

export const MFA_TOKEN_TTL_MS = 5 * 60 * 1000;
const PURPOSE = "mfa_login";

type Binding = { door: string; pwd: string };

function passwordFingerprint(passwordHash: string): string {
  return sha256Hex(`mfa-login:${passwordHash}`);
}

/** Issues the token; the user's older unfinished steps are retired, so at most one is outstanding. */
export async function issueMfaToken(user: { id: number; passwordHash: string }, door: string): Promise<string> {
  const token = randomToken();
  const metadata: Binding = { door, pwd: passwordFingerprint(user.passwordHash) };
  await db().transaction(async (tx) => {
    await tx
      .update(authTokens)
      .set({ usedAt: new Date() })
      .where(and(eq(authTokens.userId, user.id), eq(authTokens.purpose, PURPOSE), isNull(authTokens.usedAt)));
    await tx.insert(authTokens).values({
      userId: user.id,
      purpose: PURPOSE,
      tokenHash: sha256Hex(token),
      metadata,
      expiresAt: new Date(Date.now() + MFA_TOKEN_TTL_MS),
    });
  });
  return token;
}

/** Uses the token once (a racing second use gets null): its user and binding if it was valid and unexpired. */
export async function consumeMfaToken(token: string): Promise<{ userId: number; door: string; pwd: string } | null> {
  const [row] = await db()
    .update(authTokens)
    .set({ usedAt: new Date() })
    .where(and(eq(authTokens.tokenHash, sha256Hex(token)), eq(authTokens.purpose, PURPOSE), isNull(authTokens.usedAt), gt(authTokens.expiresAt, new Date())))
    .returning({ userId: authTokens.userId, metadata: authTokens.metadata });
  if (!row) return null;
  const binding = row.metadata as Partial<Binding>;
  return { userId: row.userId, door: String(binding.door ?? ""), pwd: String(binding.pwd ?? "") };
}

/** True while the user's password is still the one that was checked when the token was issued. */
export function mfaTokenMatchesPassword(binding: { pwd: string }, passwordHash: string): boolean {
  return safeEqual(binding.pwd, passwordFingerprint(passwordHash));
}
