import { z } from "zod";
import { emailField } from "@/lib/auth/schemas";

/**
 * Bodies of the passkey endpoints and actions, shared by both. Strict: unknown fields are refused. The credential
 * objects are the JSON that @simplewebauthn/browser (or WebAuthn's own toJSON()) produces; lengths are capped so
 * nothing unbounded reaches the verifier.
 */

const b64url = (max: number) =>
  z
    .string({ error: "This field is required." })
    .min(1, "This field is required.")
    .max(max, `Ensure this field has no more than ${max} characters.`)
    .regex(/^[A-Za-z0-9_-]+$/, "must be base64url without padding");

export const challengeIdField = z.uuid({ error: "must be the challenge_id returned by the start call" });

export const passkeyNameField = z
  .string({ error: "Enter a name." })
  .trim()
  .min(1, "Enter a name.")
  .max(100, "Ensure this field has no more than 100 characters.");

// credential ids are at most 1023 bytes (1364 base64url characters)
const credentialId = b64url(1400);
const attachment = z
  .enum(["platform", "cross-platform"])
  .nullish()
  .transform((v) => v ?? undefined);
const extensionResults = z.record(z.string(), z.unknown()).default({});

export const registrationResponseSchema = z.strictObject({
  id: credentialId,
  rawId: credentialId,
  type: z.literal("public-key", { error: "must be public-key" }),
  response: z.strictObject({
    clientDataJSON: b64url(8_000),
    attestationObject: b64url(100_000),
    authenticatorData: b64url(100_000).optional(),
    transports: z.array(z.string().max(32)).max(10).optional(),
    publicKeyAlgorithm: z.number().int().optional(),
    publicKey: b64url(10_000).optional(),
  }),
  authenticatorAttachment: attachment,
  clientExtensionResults: extensionResults,
});

export const authenticationResponseSchema = z.strictObject({
  id: credentialId,
  rawId: credentialId,
  type: z.literal("public-key", { error: "must be public-key" }),
  response: z.strictObject({
    clientDataJSON: b64url(8_000),
    authenticatorData: b64url(10_000),
    signature: b64url(2_000),
    userHandle: b64url(200)
      .nullish()
      .transform((v) => v ?? undefined),
  }),
  authenticatorAttachment: attachment,
  clientExtensionResults: extensionResults,
});

export const registerStartSchema = z.strictObject({});

export const registerCompleteSchema = z.strictObject({
  challenge_id: challengeIdField,
  credential: registrationResponseSchema,
  name: passkeyNameField.optional(),
});

export const authenticateStartSchema = z.strictObject({ email: emailField.optional() });

export const authenticateCompleteSchema = z.strictObject({
  challenge_id: challengeIdField,
  credential: authenticationResponseSchema,
});

const passkeyId = z.union(
  [
    z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
    z
      .string()
      .regex(/^\d{1,15}$/)
      .transform(Number),
  ],
  {
    error: "must be the id of one of your passkeys",
  },
);

export const revokePasskeySchema = z.strictObject({ credential_id: passkeyId });
export const renamePasskeySchema = z.strictObject({ name: passkeyNameField });
export const passkeyIdParams = z.strictObject({
  id: z
    .string()
    .regex(/^\d{1,15}$/, "must be a numeric id")
    .transform(Number),
});

export type RegisterComplete = z.output<typeof registerCompleteSchema>;
export type AuthenticationResponse = z.output<typeof authenticationResponseSchema>;
export type RegistrationResponse = z.output<typeof registrationResponseSchema>;
