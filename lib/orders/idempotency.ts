import { createHash } from "node:crypto";
import { and, eq, lt } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { idempotencyKeys } from "@/db/schema";
import { ApiError } from "@/lib/http/problem";

export const IDEMPOTENCY_TTL_HOURS = 24;

/** A stable hash of the parsed request: key order and whitespace in the client's JSON do not matter. */
export function requestHash(value: unknown): string {
  const canonical = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(canonical)
      : v && typeof v === "object"
        ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, canonical((v as Record<string, unknown>)[k])]))
        : v;
  return createHash("sha256").update(JSON.stringify(canonical(value))).digest("hex");
}

export type Claim = { kind: "new"; id: number } | { kind: "replay"; status: number; body: unknown };

/**
 * Claims `key` for this user inside the order's transaction. A concurrent request with the same key waits on the
 * unique index until the first commits, then replays its stored response; if the first rolled back, the key is free
 * again. The same key with another body is 422. Keys live 24 hours.
 */
export async function claimIdempotencyKey(tx: Tx, userId: number, key: string, hash: string): Promise<Claim> {
  await tx.delete(idempotencyKeys).where(and(eq(idempotencyKeys.userId, userId), eq(idempotencyKeys.key, key), lt(idempotencyKeys.expiresAt, new Date())));
  const expiresAt = new Date(Date.now() + IDEMPOTENCY_TTL_HOURS * 3600_000);
  const [inserted] = await tx
    .insert(idempotencyKeys)
    .values({ userId, key, requestHash: hash, expiresAt })
    .onConflictDoNothing()
    .returning({ id: idempotencyKeys.id });
  if (inserted) return { kind: "new", id: inserted.id };
  const [existing] = await tx
    .select()
    .from(idempotencyKeys)
    .where(and(eq(idempotencyKeys.userId, userId), eq(idempotencyKeys.key, key)))
    .limit(1);
  if (!existing || existing.responseStatus === null) {
    throw new ApiError("conflict", "A request with this Idempotency-Key is still being processed; retry shortly.");
  }
  if (existing.requestHash !== hash) {
    throw new ApiError("unprocessable", "This Idempotency-Key was already used with a different request body.");
  }
  return { kind: "replay", status: existing.responseStatus, body: existing.responseBody };
}

export async function storeIdempotentResponse(tx: Tx, id: number, status: number, body: unknown, orderId: number): Promise<void> {
  await tx.update(idempotencyKeys).set({ responseStatus: status, responseBody: body, orderId }).where(eq(idempotencyKeys.id, id));
}
