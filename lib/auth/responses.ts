import { z } from "zod";
import { isoTimestamp } from "@/lib/openapi/doc";
import { userSchema } from "./serializers";

/**
 * The response bodies of /api/auth/** (account self-service, tokens, second factors, passkeys), as documented in
 * the OpenAPI document. Routes that build a body inline check it with `satisfies z.input<typeof …>`.
 */

export const tokenPairSchema = z.object({
  access: z.string().describe("JWT access token (15 minutes): `Authorization: Bearer …`"),
  refresh: z.string().describe("Refresh token: single use, POST /api/auth/token/refresh/ exchanges it; a reused one revokes the session"),
});

/** A completed sign-in through the API (registration, passkey): the user and a fresh token pair. */
export const signedInSchema = z.object({ message: z.string(), user: userSchema, tokens: tokenPairSchema });

export const loginResponseSchema = z.discriminatedUnion("mfa_required", [
  signedInSchema.extend({ mfa_required: z.literal(false) }),
  z.object({
    message: z.string(),
    mfa_required: z.literal(true),
    mfa_token: z.string().describe("Single use, 5 minutes: send it back with `totp_code` or `recovery_code`"),
  }),
]);

export const passwordChangedSchema = z.object({
  detail: z.string(),
  revoked_sessions: z.number().int().min(0).describe("How many other sessions were signed out"),
});

export const tokenValidSchema = z.object({}).describe("Empty: the token is valid and its session live");

export const emailVerifiedSchema = z.object({ detail: z.string(), user: userSchema });

export const sessionSchema = z.object({
  id: z.uuid().describe("DELETE /api/auth/sessions/{id}/ revokes it"),
  kind: z.string().describe("`browser` (the session cookie) or `api` (access and refresh tokens)"),
  created_at: isoTimestamp,
  last_seen_at: isoTimestamp,
  expires_at: isoTimestamp,
  ip: z.string().nullable().describe("The client address the session was created from"),
  user_agent: z.string(),
  amr: z.array(z.string()).describe("How the session was authenticated: pwd, otp, recovery, mfa, hwk, user"),
  is_current: z.boolean().describe("The session this request was made with"),
});

// ——— TOTP ———

export const totpSetupStartedSchema = z.object({
  message: z.string(),
  secret: z.string().describe("Base32 secret: shown only in this response"),
  qr_code: z.string().describe("The otpauth URI as a PNG data URL (`data:image/png;base64,…`)"),
  uri: z.string().describe("otpauth://totp/… provisioning URI"),
  instructions: z.string(),
});

const recoveryCodes = z.array(z.string()).describe("10 single-use recovery codes, shown only in this response");

export const totpEnabledSchema = z.object({ message: z.string(), mfa_enabled: z.literal(true), recovery_codes: recoveryCodes });
export const recoveryCodesSchema = z.object({ message: z.string(), recovery_codes: recoveryCodes });
export const totpDisabledSchema = z.object({ message: z.string(), mfa_enabled: z.literal(false) });

// ——— passkeys (WebAuthn) ———

export const messageResponse = z.object({ message: z.string() });

export const passkeySchema = z.object({
  id: z.number().int(),
  name: z.string(),
  authenticator_type: z.enum(["platform", "cross-platform"]).describe("Inferred from the transports the authenticator reported"),
  device_type: z.string().describe("`singleDevice` or `multiDevice` (a synced passkey)"),
  backed_up: z.boolean(),
  transports: z.array(z.string()),
  created_at: isoTimestamp,
  last_used: isoTimestamp.nullable(),
});

export const passkeyListSchema = z.object({ credentials: z.array(passkeySchema).describe("Newest first") });
export const passkeyRegisteredSchema = z.object({ message: z.string(), credential: passkeySchema });

const b64url = z.string().describe("base64url");
const credentialDescriptor = z.object({ id: b64url, type: z.string().describe("`public-key`"), transports: z.array(z.string()).optional() });

/** WebAuthn's PublicKeyCredentialCreationOptionsJSON, for navigator.credentials.create(). */
const creationOptionsSchema = z
  .object({
    challenge: b64url,
    rp: z.object({ name: z.string(), id: z.string().optional() }),
    user: z.object({ id: b64url, name: z.string(), displayName: z.string() }),
    pubKeyCredParams: z.array(z.object({ alg: z.number().int(), type: z.literal("public-key") })),
    timeout: z.number().int().optional(),
    attestation: z.string().optional(),
    excludeCredentials: z.array(credentialDescriptor).optional().describe("Passkeys already registered"),
    authenticatorSelection: z
      .object({
        authenticatorAttachment: z.string().optional(),
        residentKey: z.string().optional(),
        requireResidentKey: z.boolean().optional(),
        userVerification: z.string().optional(),
      })
      .optional(),
    extensions: z.object({ credProps: z.boolean().optional() }).optional(),
    hints: z.array(z.string()).optional(),
  })
  .describe("Pass to navigator.credentials.create({ publicKey }) (e.g. with @simplewebauthn/browser)");

/** WebAuthn's PublicKeyCredentialRequestOptionsJSON, for navigator.credentials.get(). */
const requestOptionsSchema = z
  .object({
    challenge: b64url,
    rpId: z.string().optional(),
    allowCredentials: z.array(credentialDescriptor).optional().describe("Empty for a usernameless sign-in"),
    timeout: z.number().int().optional(),
    userVerification: z.string().optional(),
    hints: z.array(z.string()).optional(),
  })
  .describe("Pass to navigator.credentials.get({ publicKey })");

const challengeId = z.uuid().describe("Send it back with the credential to the matching complete call");

export const passkeyRegistrationStartedSchema = z.object({ message: z.string(), options: creationOptionsSchema, challenge_id: challengeId });
export const passkeySignInStartedSchema = z.object({ message: z.string(), options: requestOptionsSchema, challenge_id: challengeId });
