import "server-only";
import { and, eq, gt, isNull, lt, sql, type SQL } from "drizzle-orm";
import { db } from "@/db/client";
import { webauthnChallenges } from "@/db/schema";

export const CHALLENGE_TTL_MS = 5 * 60_000;

export type ChallengePurpose = "registration" | "authentication";

/**
 * Stores a ceremony's challenge server-side (it is public, so no hash) for CHALLENGE_TTL_MS, bound to the user
 * (registration, or a sign-in started with an email) or to nothing but this row (usernameless sign-in: the row is
 * the attempt, its id goes to the client). Long-expired rows are swept on the way.
 */
export async function storeChallenge(
  challenge: string,
  purpose: ChallengePurpose,
  userId: number | null,
): Promise<string> {
  await db()
    .delete(webauthnChallenges)
    .where(lt(webauthnChallenges.expiresAt, sql`now() - interval '1 hour'`));
  const [row] = await db()
    .insert(webauthnChallenges)
    .values({
      challenge,
      purpose,
      userId,
      expiresAt: sql`now() + make_interval(secs => ${CHALLENGE_TTL_MS / 1000})`,
    })
    .returning({ id: webauthnChallenges.id });
  return row!.id;
}

type Consumed = { challenge: string; userId: number | null };

/**
 * Uses a challenge up: one conditional update (unused, unexpired, right purpose, plus `owner`), so two racing
 * completions cannot both get it. Null when there is nothing to use. A consumed challenge stays consumed even if
 * the ceremony then fails: every attempt needs a new one.
 */
async function consume(id: string, purpose: ChallengePurpose, owner: SQL): Promise<Consumed | null> {
  const [row] = await db()
    .update(webauthnChallenges)
    .set({ usedAt: sql`now()` })
    .where(
      and(
        eq(webauthnChallenges.id, id),
        eq(webauthnChallenges.purpose, purpose),
        isNull(webauthnChallenges.usedAt),
        gt(webauthnChallenges.expiresAt, sql`now()`),
        owner,
      ),
    )
    .returning({ challenge: webauthnChallenges.challenge, userId: webauthnChallenges.userId });
  return row ?? null;
}

/** A registration challenge is only usable by the user it was issued to. */
export function consumeRegistrationChallenge(id: string, userId: number): Promise<Consumed | null> {
  return consume(id, "registration", eq(webauthnChallenges.userId, userId));
}

/** A sign-in challenge is the attempt itself; its `userId` (set when started with an email) is checked by the caller. */
export function consumeAuthenticationChallenge(id: string): Promise<Consumed | null> {
  return consume(id, "authentication", sql`true`);
}
