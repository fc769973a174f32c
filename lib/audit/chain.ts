import { createHmac } from "node:crypto";
import { normalizeIp } from "@/lib/security/client-ip";

export const GENESIS_HASH = "0".repeat(64);

export type ChainFields = {
  occurredAt: Date;
  actorUserId: number | null;
  action: string;
  targetType: string;
  targetId: string | null;
  result: string;
  ip: string | null;
  userAgent: string;
  requestId: string | null;
  metadata: unknown;
  prevHash: string;
};

/** JSON with object keys sorted at every depth: the same value always gives the same text (jsonb reorders keys). */
export function canonicalJson(value: unknown): string {
  if (value !== null && typeof value === "object" && typeof (value as { toJSON?: unknown }).toJSON === "function") {
    return canonicalJson((value as { toJSON: () => unknown }).toJSON());
  }
  if (value === null || typeof value !== "object") return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
}

/**
 * HMAC-SHA256 (key derived from AUTH_SECRET) over the row's content and the previous row's hash: someone who can
 * write to the database but does not hold the key cannot recompute the chain after changing a row.
 */
export function chainHash(f: ChainFields, key: Uint8Array): string {
  const content = canonicalJson([
    f.occurredAt.toISOString(),
    f.actorUserId,
    f.action,
    f.targetType,
    f.targetId,
    f.result,
    f.ip === null ? null : normalizeIp(f.ip) ?? f.ip,
    f.userAgent,
    f.requestId,
    f.metadata ?? {},
    f.prevHash,
  ]);
  return createHmac("sha256", key).update(content, "utf8").digest("hex");
}

/** Text as PostgreSQL will store it: no NUL, no lone UTF-16 surrogate (they would change on the way in), capped. */
export function storableText(value: string, max: number): string {
  return value
    .replace(/\u0000/g, "")
    .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, "\uFFFD")
    .slice(0, max);
}

/** Metadata as jsonb will give it back: plain JSON (Dates as strings), cleaned strings. */
export function storableJson(value: unknown): unknown {
  const text = JSON.stringify(value ?? {}, (_k, v: unknown) => (typeof v === "string" ? storableText(v, 10_000) : v));
  return JSON.parse(text);
}

/** The hash a stored row should carry: its own fields and its prev_hash, as written (used by every verifier). */
export function storedRowHash(row: ChainFields, key: Uint8Array): string {
  return chainHash(
    {
      occurredAt: row.occurredAt,
      actorUserId: row.actorUserId,
      action: row.action,
      targetType: row.targetType,
      targetId: row.targetId,
      result: row.result,
      ip: row.ip,
      userAgent: row.userAgent,
      requestId: row.requestId,
      metadata: row.metadata,
      prevHash: row.prevHash,
    },
    key,
  );
}
