import { createHash } from "node:crypto";
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
  if (value === null || typeof value !== "object") return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
}

/** SHA-256 over the row's content and the previous row's hash. */
export function chainHash(f: ChainFields): string {
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
  return createHash("sha256").update(content, "utf8").digest("hex");
}
