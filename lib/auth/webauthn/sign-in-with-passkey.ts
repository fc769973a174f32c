import "server-only";
import {
  generateAuthenticationOptions,
  verifyAuthenticationResponse,
  type AuthenticationResponseJSON,
  type PublicKeyCredentialRequestOptionsJSON,
} from "@simplewebauthn/server";
import { and, eq, sql } from "drizzle-orm";
import { db } from "@/db/client";
import { users, webauthnCredentials } from "@/db/schema";
import { audit } from "@/lib/audit/write";
import { completeSignIn } from "@/lib/auth/authenticate";
import { isIpLocked, recordIpFailure } from "@/lib/auth/lockout";
import type { SessionRow } from "@/lib/auth/sessions";
import { loadUserAccess, type UserAccess } from "@/lib/auth/user-access";
import type { RequestMeta } from "@/lib/security/request-meta";
import { consumeAuthenticationChallenge, storeChallenge } from "./challenges";
import { CEREMONY_TIMEOUT_MS, decoyCredentials, relyingParty } from "./config";
import { passkeyDescriptors } from "./queries";
import type { AuthenticationResponse } from "./schemas";

/** The one answer for every refused passkey sign-in, whatever the reason. */
export const PASSKEY_SIGN_IN_FAILED = "Passkey sign-in failed.";

export type PasskeySignInOutcome =
  { ok: true; access: UserAccess; session: SessionRow; amr: string[] } | { ok: false };

/**
 * Step 1: request options. Without an email: usernameless (discoverable credentials, empty allowCredentials).
 * With one: that account's passkeys if it exists, is active and has any; otherwise a decoy credential derived from
 * the email (same shape, stable), so the answer does not tell whether the account exists or has passkeys. The
 * challenge row is the attempt.
 */
export async function startPasskeySignIn(
  input: { email?: string },
  meta: RequestMeta,
): Promise<{ options: PublicKeyCredentialRequestOptionsJSON; challengeId: string }> {
  let userId: number | null = null;
  let allowCredentials: { id: string; transports: string[] }[] = [];
  if (input.email) {
    const email = input.email.trim().toLowerCase();
    const [user] = await db()
      .select({ id: users.id, isActive: users.isActive })
      .from(users)
      .where(sql`lower(${users.email}) = ${email}`)
      .limit(1);
    userId = user?.id ?? null;
    // the same queries whether or not the account exists (ids start at 1: 0 matches nothing)
    allowCredentials = await passkeyDescriptors(user?.isActive ? user.id : 0);
    if (!allowCredentials.length) allowCredentials = decoyCredentials(email);
  }
  const options = await generateAuthenticationOptions({
    rpID: relyingParty().rpID,
    allowCredentials,
    userVerification: "required",
    timeout: CEREMONY_TIMEOUT_MS,
  });
  // bound to the account named by the email (if any): another account's passkey cannot answer it
  const challengeId = await storeChallenge(options.challenge, "authentication", userId);
  await audit({
    action: "WEBAUTHN_AUTH_START",
    targetType: "USER",
    targetId: userId,
    result: "SUCCESS",
    meta,
    metadata: { challenge_id: challengeId, email_hint: Boolean(input.email) },
  });
  return { options, challengeId };
}

async function refuse(
  meta: RequestMeta,
  reason: string,
  context: { userId?: number | null; passkeyId?: number; error?: unknown } = {},
): Promise<PasskeySignInOutcome> {
  const ipLocked = await recordIpFailure(meta.ip);
  const error = context.error instanceof Error ? context.error.message.slice(0, 300) : undefined;
  await audit({
    action: "LOGIN",
    targetType: "USER",
    targetId: context.userId ?? null,
    result: "FAILURE",
    actorUserId: null,
    meta,
    metadata: { door: "passkey", reason, passkey_id: context.passkeyId, error },
  });
  if (ipLocked)
    await audit({
      action: "IP_LOCKED",
      targetType: "IP",
      targetId: meta.ip,
      result: "BLOCKED",
      meta,
      metadata: { door: "passkey", scope: "ip" },
    });
  return { ok: false };
}

/**
 * Step 2: verifies an assertion and signs in through the one sign-in service (session, counters reset, audit).
 * Checked: the IP lock; the challenge (unused, unexpired, used up now, bound account); the credential (still
 * registered, its owner active); then, by SimpleWebAuthn against the stored public key: type, challenge, origin,
 * RP ID hash, user presence and verification, and the signature over authenticatorData ‖ SHA-256(clientDataJSON);
 * finally the signature counter. A verified passkey (possession + user verification) is a complete multi-factor
 * sign-in, so an MFA account is not asked for more. Every failure: one answer, audited, counted for the IP lock.
 */
export async function finishPasskeySignIn(
  input: { challengeId: string; credential: AuthenticationResponse; kind: "browser" | "api" },
  meta: RequestMeta,
): Promise<PasskeySignInOutcome> {
  if (await isIpLocked(meta.ip)) return refuse(meta, "ip_locked");
  const challenge = await consumeAuthenticationChallenge(input.challengeId);
  if (!challenge) return refuse(meta, "challenge_invalid");

  const [found] = await db()
    .select({ passkey: webauthnCredentials, isActive: users.isActive })
    .from(webauthnCredentials)
    .innerJoin(users, eq(users.id, webauthnCredentials.userId))
    .where(eq(webauthnCredentials.credentialId, input.credential.id))
    .limit(1);
  if (!found) return refuse(meta, "unknown_credential", { userId: challenge.userId });
  const { passkey } = found;
  const context = { userId: passkey.userId, passkeyId: passkey.id };
  if (challenge.userId !== null && challenge.userId !== passkey.userId)
    return refuse(meta, "challenge_for_other_account", context);
  if (!found.isActive) return refuse(meta, "inactive", context);

  const { rpID, origin } = relyingParty();
  let verification;
  try {
    verification = await verifyAuthenticationResponse({
      response: input.credential as AuthenticationResponseJSON,
      expectedChallenge: challenge.challenge,
      expectedOrigin: origin,
      expectedRPID: rpID,
      expectedType: "webauthn.get",
      requireUserVerification: true,
      // counter 0 here: SimpleWebAuthn would refuse a regression before checking the signature; we check the
      // counter below, after the signature, so that a regression is reported only for a genuine key (a clone)
      credential: {
        id: passkey.credentialId,
        publicKey: new Uint8Array(passkey.publicKey),
        counter: 0,
        transports: passkey.transports,
      },
    });
  } catch (error) {
    return refuse(meta, "verification_failed", { ...context, error });
  }
  if (!verification.verified) return refuse(meta, "bad_signature", context);
  const info = verification.authenticationInfo;
  if (!info.userVerified) return refuse(meta, "user_not_verified", context);

  // the new counter must exceed the stored one unless both are 0 (authenticators without a counter); one
  // conditional update, so two replays of the same assertion cannot both pass
  const newCounter = info.newCounter;
  const [updated] = await db()
    .update(webauthnCredentials)
    .set({ counter: newCounter, lastUsedAt: sql`now()`, backedUp: info.credentialBackedUp })
    .where(
      and(
        eq(webauthnCredentials.id, passkey.id),
        sql`(${webauthnCredentials.counter} < ${newCounter}::bigint or (${webauthnCredentials.counter} = 0 and ${newCounter}::bigint = 0))`,
      ),
    )
    .returning({ id: webauthnCredentials.id });
  if (!updated) {
    await audit({
      action: "PASSKEY_COUNTER_REGRESSION",
      targetType: "PASSKEY",
      targetId: passkey.id,
      result: "BLOCKED",
      actorUserId: null,
      meta,
      metadata: {
        user_id: passkey.userId,
        stored_counter: passkey.counter,
        received_counter: newCounter,
        note: "possible cloned authenticator",
      },
    });
    return refuse(meta, "counter_regression", context);
  }

  const access = await loadUserAccess(passkey.userId);
  if (!access || !access.user.isActive) return refuse(meta, "inactive", context);
  const amr = ["hwk", "user"];
  const outcome = await completeSignIn({ access, amr, door: "passkey", meta, kind: input.kind });
  if (!outcome.ok) return refuse(meta, "sign_in_refused", context);
  await audit({
    action: "WEBAUTHN_AUTH_COMPLETE",
    targetType: "PASSKEY",
    targetId: passkey.id,
    result: "SUCCESS",
    actorUserId: passkey.userId,
    meta,
    metadata: { session_id: outcome.session.id, counter: newCounter },
  });
  return { ok: true, access: outcome.access, session: outcome.session, amr };
}
