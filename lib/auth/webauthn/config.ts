import "server-only";
import { createHmac } from "node:crypto";
import { env } from "@/lib/env";

export const RP_NAME = "Secure Shop";
/** ES256, EdDSA and RS256: what platform authenticators and security keys offer. Same list for options and checks. */
export const SUPPORTED_ALGORITHMS = [-7, -8, -257];
/** How long the browser may take for the ceremony; the server-side challenge lives a little longer (5 minutes). */
export const CEREMONY_TIMEOUT_MS = 60_000;

/** The relying party this instance speaks for: RP ID (a domain) and the exact origin the ceremonies run on. */
export function relyingParty(): { rpID: string; origin: string } {
  const e = env();
  return { rpID: e.WEBAUTHN_RP_ID, origin: e.WEBAUTHN_ORIGIN };
}

/**
 * The WebAuthn user handle: an opaque 32-byte value per user (no email, no raw id, as the spec asks), derived
 * rather than stored. It lets an authenticator keep one passkey per account; sign-in finds the owner by the
 * credential id, never by this handle.
 */
export function userHandle(userId: number): Uint8Array<ArrayBuffer> {
  const mac = createHmac("sha256", env().AUTH_SECRET).update(`webauthn-user-handle:${userId}`).digest();
  return new Uint8Array(mac);
}

/**
 * What an email hint without passkeys (unknown account, inactive one, or none registered) gets as allowCredentials:
 * one imaginary credential derived from the email, the same on every call, so the answer does not tell whether the
 * account exists or has passkeys (WebAuthn §14.6.2, username enumeration). It never matches a stored credential.
 */
export function decoyCredentials(email: string): { id: string; transports: string[] }[] {
  const id = createHmac("sha256", env().AUTH_SECRET)
    .update(`webauthn-decoy-credential:${email}`)
    .digest("base64url");
  return [{ id, transports: ["internal", "hybrid"] }];
}
