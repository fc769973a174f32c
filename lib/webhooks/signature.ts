import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * Webhook signatures, the scheme receivers implement (documented in the README):
 *   Shop-Signature: t=<unix seconds of this attempt>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>
 * The key is the endpoint's secret exactly as shown (`whsec_…`, UTF-8). The timestamp is signed with the body, so a
 * receiver that refuses old timestamps (5 minutes by default) also refuses replays of captured deliveries.
 */

export const SIGNATURE_HEADER = "Shop-Signature";
export const DEFAULT_TOLERANCE_SECONDS = 300;

export function computeSignature(secret: string, timestamp: number, rawBody: string): string {
  return createHmac("sha256", secret).update(`${timestamp}.${rawBody}`, "utf8").digest("hex");
}

export function signatureHeader(secret: string, rawBody: string, timestamp: number): string {
  return `t=${timestamp},v1=${computeSignature(secret, timestamp, rawBody)}`;
}

export type VerifyResult =
  { valid: true; timestamp: number } | { valid: false; reason: "malformed" | "expired" | "mismatch" };

/** `t=…,v1=…[,v1=…]` → timestamp and candidate signatures; null when malformed. */
function parseHeader(header: string): { timestamp: number; signatures: string[] } | null {
  let timestamp: number | null = null;
  const signatures: string[] = [];
  for (const part of header.split(",")) {
    const [key, value = ""] = part.trim().split("=", 2);
    if (key === "t" && /^\d{1,12}$/.test(value)) timestamp = Number(value);
    else if (key === "v1" && /^[0-9a-f]{64}$/.test(value)) signatures.push(value);
  }
  return timestamp === null || !signatures.length ? null : { timestamp, signatures };
}

/**
 * For receivers: checks a `Shop-Signature` header against the raw request body (the bytes as received, before any
 * JSON parsing) in constant time, and refuses a timestamp further than `toleranceSeconds` from `now`.
 *
 * Only the body and the timestamp are signed: the `Shop-Event`, `Shop-Event-Id` and `Shop-Delivery` headers are not,
 * and anyone replaying a captured body within the tolerance may change them. Deduplicate on the signed body's `id`
 * (the event id; a redelivery carries the same one) and take the event type from the body's `type`.
 */
export function verifyWebhookSignature(
  secret: string,
  header: string | null | undefined,
  rawBody: string,
  options: { toleranceSeconds?: number; now?: Date } = {},
): VerifyResult {
  const parsed = header ? parseHeader(header) : null;
  if (!parsed) return { valid: false, reason: "malformed" };
  const tolerance = options.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
  const nowSeconds = Math.floor((options.now ?? new Date()).getTime() / 1000);
  if (Math.abs(nowSeconds - parsed.timestamp) > tolerance) return { valid: false, reason: "expired" };
  const expected = Buffer.from(computeSignature(secret, parsed.timestamp, rawBody), "hex");
  const match = parsed.signatures.some((s) => timingSafeEqual(Buffer.from(s, "hex"), expected));
  return match ? { valid: true, timestamp: parsed.timestamp } : { valid: false, reason: "mismatch" };
}
