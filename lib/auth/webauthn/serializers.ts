import type { z } from "zod";
import type { webauthnCredentials } from "@/db/schema";
import type { passkeySchema } from "@/lib/auth/responses";

type PasskeyRow = typeof webauthnCredentials.$inferSelect;

const ROAMING = new Set(["usb", "nfc", "ble", "smart-card", "hybrid"]);

/** The original's two kinds, inferred from the transports the authenticator reported. */
function authenticatorType(transports: string[]): "platform" | "cross-platform" {
  return !transports.includes("internal") && transports.some((t) => ROAMING.has(t))
    ? "cross-platform"
    : "platform";
}

/**
 * A passkey as the API shows it (the original's `{id, name, authenticator_type, created_at, last_used}` plus what
 * the authenticator says about itself). Fields listed one by one: the public key and counter stay on the server.
 */
export function serializePasskey(row: PasskeyRow): z.input<typeof passkeySchema> {
  return {
    id: row.id,
    name: row.name,
    authenticator_type: authenticatorType(row.transports),
    device_type: row.deviceType,
    backed_up: row.backedUp,
    transports: row.transports,
    created_at: row.createdAt.toISOString(),
    last_used: row.lastUsedAt ? row.lastUsedAt.toISOString() : null,
  };
}

export type PasskeyItem = ReturnType<typeof serializePasskey>;
