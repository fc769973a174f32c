import "server-only";
import {
  generateRegistrationOptions,
  verifyRegistrationResponse,
  type PublicKeyCredentialCreationOptionsJSON,
  type RegistrationResponseJSON,
} from "@simplewebauthn/server";
import { eq } from "drizzle-orm";
import { db } from "@/db/client";
import { users, webauthnCredentials } from "@/db/schema";
import { audit } from "@/lib/audit/write";
import { assertFreshSession } from "@/lib/auth/freshness";
import { ApiError } from "@/lib/http/problem";
import type { RequestMeta } from "@/lib/security/request-meta";
import { consumeRegistrationChallenge, storeChallenge } from "./challenges";
import { CEREMONY_TIMEOUT_MS, relyingParty, RP_NAME, SUPPORTED_ALGORITHMS, userHandle } from "./config";
import { passkeyDescriptors } from "./queries";
import type { RegistrationResponse } from "./schemas";

type Caller = { userId: number; sessionId: string };
type PasskeyRow = typeof webauthnCredentials.$inferSelect;

const KNOWN_TRANSPORTS = new Set(["ble", "cable", "hybrid", "internal", "nfc", "smart-card", "usb"]);
export const REGISTRATION_FAILED = "The passkey could not be registered. Start again.";

/**
 * Step 1: creation options for the signed-in user (fresh sign-in required). Already registered passkeys are
 * excluded, a discoverable credential is preferred, user verification is required; the challenge is stored
 * bound to this user.
 */
export async function startPasskeyRegistration(
  caller: Caller,
  meta: RequestMeta,
): Promise<{ options: PublicKeyCredentialCreationOptionsJSON; challengeId: string }> {
  await assertFreshSession(caller);
  const [user] = await db().select().from(users).where(eq(users.id, caller.userId)).limit(1);
  if (!user) throw new ApiError("unauthenticated", "Authentication credentials were not provided.");
  const { rpID } = relyingParty();
  const options = await generateRegistrationOptions({
    rpName: RP_NAME,
    rpID,
    userName: user.email,
    userID: userHandle(user.id),
    userDisplayName: [user.firstName, user.lastName].filter(Boolean).join(" ") || user.username,
    timeout: CEREMONY_TIMEOUT_MS,
    attestationType: "none",
    excludeCredentials: await passkeyDescriptors(user.id),
    authenticatorSelection: { residentKey: "preferred", userVerification: "required" },
    supportedAlgorithmIDs: SUPPORTED_ALGORITHMS,
  });
  const challengeId = await storeChallenge(options.challenge, "registration", user.id);
  await audit({
    action: "WEBAUTHN_REGISTER_START",
    targetType: "USER",
    targetId: user.id,
    result: "SUCCESS",
    actorUserId: user.id,
    meta,
    metadata: { challenge_id: challengeId },
  });
  return { options, challengeId };
}

async function refuse(caller: Caller, meta: RequestMeta, reason: string, error?: unknown): Promise<never> {
  const detail = error instanceof Error ? error.message.slice(0, 300) : undefined;
  await audit({
    action: "WEBAUTHN_REGISTER_COMPLETE",
    targetType: "USER",
    targetId: caller.userId,
    result: "FAILURE",
    actorUserId: caller.userId,
    meta,
    metadata: { reason, error: detail },
  });
  if (reason === "duplicate") throw new ApiError("conflict", "This passkey is already registered.");
  throw new ApiError("bad_request", REGISTRATION_FAILED);
}

/**
 * Step 2: verifies the authenticator's answer (challenge, origin, RP ID hash, type, user presence and
 * verification, algorithm, attestation statement) and stores the credential: its id, COSE public key, counter,
 * transports and backup state. The challenge is used up first, so a failed attempt cannot be retried with it.
 */
export async function finishPasskeyRegistration(
  caller: Caller,
  input: { challengeId: string; credential: RegistrationResponse; name?: string },
  meta: RequestMeta,
): Promise<PasskeyRow> {
  await assertFreshSession(caller);
  const challenge = await consumeRegistrationChallenge(input.challengeId, caller.userId);
  if (!challenge) return refuse(caller, meta, "challenge_invalid");
  const { rpID, origin } = relyingParty();
  let verification;
  try {
    verification = await verifyRegistrationResponse({
      response: input.credential as RegistrationResponseJSON,
      expectedChallenge: challenge.challenge,
      expectedOrigin: origin,
      expectedRPID: rpID,
      expectedType: "webauthn.create",
      requireUserPresence: true,
      requireUserVerification: true,
      supportedAlgorithmIDs: SUPPORTED_ALGORITHMS,
    });
  } catch (error) {
    return refuse(caller, meta, "verification_failed", error);
  }
  if (!verification.verified) return refuse(caller, meta, "attestation_invalid");
  const info = verification.registrationInfo;
  // the id the client names must be the one inside the signed authenticator data
  if (info.credential.id !== input.credential.id) return refuse(caller, meta, "credential_id_mismatch");

  const transports = [...new Set(input.credential.response.transports ?? [])].filter((t) =>
    KNOWN_TRANSPORTS.has(t),
  );
  const [row] = await db()
    .insert(webauthnCredentials)
    .values({
      userId: caller.userId,
      credentialId: info.credential.id,
      publicKey: info.credential.publicKey,
      counter: info.credential.counter,
      transports,
      deviceType: info.credentialDeviceType,
      backedUp: info.credentialBackedUp,
      name: input.name ?? "Passkey",
    })
    .onConflictDoNothing({ target: webauthnCredentials.credentialId })
    .returning();
  if (!row) return refuse(caller, meta, "duplicate");
  await audit({
    action: "WEBAUTHN_REGISTER_COMPLETE",
    targetType: "PASSKEY",
    targetId: row.id,
    result: "SUCCESS",
    actorUserId: caller.userId,
    meta,
    metadata: {
      user_id: caller.userId,
      device_type: row.deviceType,
      backed_up: row.backedUp,
      transports,
      user_verified: info.userVerified,
      fmt: info.fmt,
      aaguid: info.aaguid,
    },
  });
  return row;
}
