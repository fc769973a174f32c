import { desc, sql } from "drizzle-orm";
import { db, type DbOrTx } from "@/db/client";
import { auditLog } from "@/db/schema";
import { errorFields, log } from "@/lib/log";
import type { RequestMeta } from "@/lib/security/request-meta";
import { deriveKey } from "@/lib/auth/keys";
import { chainHash, GENESIS_HASH, storableJson, storableText } from "./chain";

export type AuditResult = "SUCCESS" | "FAILURE" | "BLOCKED";

export type AuditEvent = {
  action: string;
  targetType: string;
  targetId?: string | number | null;
  result: AuditResult;
  actorUserId?: number | null;
  meta?: RequestMeta;
  metadata?: Record<string, unknown>;
};

/** Serialises writers so each row chains to the one before it. Arbitrary constant. */
const AUDIT_CHAIN_LOCK = 7_340_002;

let writeFailures = 0;
let lastFailureAt: Date | null = null;

/** How many audit rows could not be written since the process started (surfaced by monitoring). */
export function auditWriteFailures(): { count: number; lastFailureAt: Date | null } {
  return { count: writeFailures, lastFailureAt };
}

async function insertChained(database: DbOrTx, event: AuditEvent): Promise<void> {
  await database.execute(sql`select pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK})`);
  const [last] = await database.select({ hash: auditLog.hash }).from(auditLog).orderBy(desc(auditLog.id)).limit(1);
  // every value exactly as PostgreSQL will store it, so the hash still matches when the row is read back
  const fields = {
    occurredAt: new Date(),
    actorUserId: event.actorUserId ?? null,
    action: storableText(event.action, 64),
    targetType: storableText(event.targetType, 32),
    targetId: event.targetId === undefined || event.targetId === null ? null : storableText(String(event.targetId), 100),
    result: event.result,
    ip: event.meta?.ip ?? null,
    userAgent: storableText(event.meta?.userAgent ?? "", 2000),
    requestId: event.meta?.requestId ? storableText(event.meta.requestId, 64) : null,
    metadata: storableJson(event.metadata ?? {}),
    prevHash: last?.hash ?? GENESIS_HASH,
  };
  await database.insert(auditLog).values({ ...fields, hash: chainHash(fields, await deriveKey("audit-chain")) });
}

/**
 * Appends one security event. Inside `tx` it commits or rolls back with the caller's change; without, it runs in
 * its own transaction. It never throws: a failed write is logged and counted, never silent, never fatal.
 */
export async function audit(event: AuditEvent, tx?: DbOrTx): Promise<void> {
  try {
    // inside the caller's transaction, a savepoint: a failed audit insert must not abort the caller's change
    if (tx) await tx.transaction((t) => insertChained(t, event));
    else await db().transaction((t) => insertChained(t, event));
  } catch (error) {
    writeFailures++;
    lastFailureAt = new Date();
    log.error("audit write failed", { action: event.action, target_type: event.targetType, ...errorFields(error) });
  }
}
