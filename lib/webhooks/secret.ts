import "server-only";
import { randomBytes } from "node:crypto";
import { decrypt, encrypt } from "@/lib/auth/encryption";

/** A new signing secret: `whsec_` + 32 random bytes, base64url. Shown once; stored only encrypted. */
export function generateWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString("base64url")}`;
}

/** Bound to the endpoint: a sealed secret copied onto another endpoint's row does not decrypt there. */
const context = (endpointId: string) => `webhook-secret:${endpointId}`;

export function sealWebhookSecret(endpointId: string, secret: string): Buffer {
  return encrypt(secret, context(endpointId));
}

export function openWebhookSecret(endpointId: string, sealed: Uint8Array): string {
  return decrypt(sealed, context(endpointId));
}
