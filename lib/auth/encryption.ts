import "server-only";
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { env } from "@/lib/env";

/**
 * Encryption at rest (AES-256-GCM, key = ENCRYPTION_KEY). Stored layout: iv (12 bytes) | ciphertext | tag (16 bytes).
 * `context` is bound as additional authenticated data (e.g. "totp:<user id>"), so a ciphertext copied onto another
 * row or purpose fails to decrypt instead of silently working there.
 */

const IV_BYTES = 12;
const TAG_BYTES = 16;

export function encrypt(plaintext: string, context: string, key: Uint8Array = env().ENCRYPTION_KEY): Buffer {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(context, "utf8"));
  const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return Buffer.concat([iv, body, cipher.getAuthTag()]);
}

/** Throws if the data was altered, belongs to another context or was sealed with another key. */
export function decrypt(sealed: Uint8Array, context: string, key: Uint8Array = env().ENCRYPTION_KEY): string {
  const data = Buffer.from(sealed);
  if (data.length < IV_BYTES + TAG_BYTES) throw new Error("encrypted value is too short");
  const decipher = createDecipheriv("aes-256-gcm", key, data.subarray(0, IV_BYTES), { authTagLength: TAG_BYTES });
  decipher.setAAD(Buffer.from(context, "utf8"));
  decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
  return Buffer.concat([decipher.update(data.subarray(IV_BYTES, data.length - TAG_BYTES)), decipher.final()]).toString("utf8");
}
