import "server-only";
import { and, asc, desc, eq, gte, lte, max, sql, type SQL } from "drizzle-orm";
import { db } from "@/db/client";
import { auditLog, users } from "@/db/schema";
import { errorFields, log } from "@/lib/log";
import type { RequestMeta } from "@/lib/security/request-meta";
import { csvStream } from "./csv";
import type { AuditFilters, AuditListQuery } from "./schemas";
import { AUDIT_CSV_COLUMNS, auditCsvValues, serializeChainReport, type AuditRow, type ChainReportBody } from "./serializers";
import { verifyAuditChain } from "./verify";
import { audit, auditWriteFailures } from "./write";

const auditColumns = {
  id: auditLog.id,
  occurredAt: auditLog.occurredAt,
  actorUserId: auditLog.actorUserId,
  actorEmail: users.email,
  action: auditLog.action,
  targetType: auditLog.targetType,
  targetId: auditLog.targetId,
  result: auditLog.result,
  ip: auditLog.ip,
  userAgent: auditLog.userAgent,
  requestId: auditLog.requestId,
  metadata: auditLog.metadata,
  hash: auditLog.hash,
  prevHash: auditLog.prevHash,
};

function auditWhere(f: AuditFilters): SQL | undefined {
  return and(
    f.action !== undefined ? eq(auditLog.action, f.action) : undefined,
    f.result !== undefined ? eq(auditLog.result, f.result) : undefined,
    f.actor !== undefined ? eq(auditLog.actorUserId, f.actor) : undefined,
    f.target_type !== undefined ? eq(auditLog.targetType, f.target_type) : undefined,
    f.target_id !== undefined ? eq(auditLog.targetId, f.target_id) : undefined,
    f.ip !== undefined ? eq(auditLog.ip, f.ip) : undefined,
    f.since !== undefined ? gte(auditLog.occurredAt, f.since) : undefined,
    f.until !== undefined ? lte(auditLog.occurredAt, f.until) : undefined,
    f.request_id !== undefined ? eq(auditLog.requestId, f.request_id) : undefined,
  );
}

/** Newest first by default; the id breaks ties so that pages never repeat or skip a row. */
function orderBy(ordering: AuditFilters["ordering"]): SQL[] {
  return ordering === "occurred_at"
    ? [asc(auditLog.occurredAt), asc(auditLog.id)]
    : [desc(auditLog.occurredAt), desc(auditLog.id)];
}

async function countAuditEntries(where: SQL | undefined, cap?: number): Promise<number> {
  const inner = db().select({ one: sql`1` }).from(auditLog).where(where);
  const [row] = await db()
    .select({ count: sql<number>`count(*)::int` })
    .from((cap === undefined ? inner : inner.limit(cap)).as("matching"));
  return row?.count ?? 0;
}

/** One page of the log, filtered. */
export async function listAuditEntries(q: AuditListQuery): Promise<{ count: number; rows: AuditRow[] }> {
  const where = auditWhere(q);
  const count = await countAuditEntries(where);
  const offset = (q.page - 1) * q.page_size;
  if (offset >= count) return { count, rows: [] };
  const rows = await db()
    .select(auditColumns)
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorUserId))
    .where(where)
    .orderBy(...orderBy(q.ordering))
    .limit(q.page_size)
    .offset(offset);
  return { count, rows };
}

export const MAX_EXPORT_ROWS = 50_000;

/**
 * The matching rows in the requested order, in batches, by keyset (never OFFSET): at most `maxRows`, and only rows
 * that existed when the export began. The cursor keeps occurred_at as PostgreSQL text so microseconds survive.
 */
async function* auditBatches(f: AuditFilters, maxRows: number, batchSize: number, upToId: number): AsyncGenerator<AuditRow[]> {
  const ascending = f.ordering === "occurred_at";
  let cursor: { at: string; id: number } | null = null;
  let sent = 0;
  while (sent < maxRows) {
    const after: SQL | undefined = cursor
      ? ascending
        ? sql`(${auditLog.occurredAt}, ${auditLog.id}) > (${cursor.at}::timestamptz, ${cursor.id})`
        : sql`(${auditLog.occurredAt}, ${auditLog.id}) < (${cursor.at}::timestamptz, ${cursor.id})`
      : undefined;
    const batch: (AuditRow & { cursorAt: string })[] = await db()
      .select({ ...auditColumns, cursorAt: sql<string>`${auditLog.occurredAt}::text` })
      .from(auditLog)
      .leftJoin(users, eq(users.id, auditLog.actorUserId))
      .where(and(auditWhere(f), lte(auditLog.id, upToId), after))
      .orderBy(...orderBy(f.ordering))
      .limit(Math.min(batchSize, maxRows - sent));
    if (!batch.length) return;
    sent += batch.length;
    const last = batch[batch.length - 1]!;
    cursor = { at: last.cursorAt, id: last.id };
    yield batch.map(({ cursorAt: _cursorAt, ...row }) => row);
    if (batch.length < batchSize) return;
  }
}

/** The filters as plain JSON (dates as ISO text: the chain hashes metadata as JSON). */
function filtersForAudit(f: AuditFilters): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(f)) {
    if (v instanceof Date) out[k] = v.toISOString();
    else if (typeof v === "string" || typeof v === "number") out[k] = v;
  }
  return out;
}

/**
 * A CSV export of the matching rows: how many it will hold (at most `maxRows`, default 50,000), whether more
 * matched, and the body as a stream that reads the database one batch at a time as the client consumes it.
 * Exporting the log is itself recorded (`AUDIT_EXPORTED`, with the filters and the row count).
 */
export async function openAuditExport(
  f: AuditFilters,
  actor: { userId: number; meta: RequestMeta },
  options: { maxRows?: number; batchSize?: number } = {},
): Promise<{ rows: number; truncated: boolean; body: ReadableStream<Uint8Array> }> {
  const maxRows = options.maxRows ?? MAX_EXPORT_ROWS;
  const batchSize = options.batchSize ?? 1000;
  const [top] = await db().select({ id: max(auditLog.id) }).from(auditLog);
  const upToId = top?.id ?? 0;
  const where = and(auditWhere(f), lte(auditLog.id, upToId));
  const matching = await countAuditEntries(where, maxRows + 1);
  const rows = Math.min(matching, maxRows);
  await audit({
    action: "AUDIT_EXPORTED",
    targetType: "audit_log",
    result: "SUCCESS",
    actorUserId: actor.userId,
    meta: actor.meta,
    metadata: { filters: filtersForAudit(f), rows, truncated: matching > maxRows },
  });
  const batches = (async function* () {
    for await (const batch of auditBatches(f, maxRows, batchSize, upToId)) yield batch.map(auditCsvValues);
  })();
  const body = csvStream(AUDIT_CSV_COLUMNS, batches, (error) => log.error("audit export failed", errorFields(error)));
  return { rows, truncated: matching > maxRows, body };
}

/**
 * Recomputes the chain, then records that it was checked (after the report, so the new row is not part of it).
 * A read with an audit trail: who verified, when, and what they saw.
 */
export async function verifyChainAndRecord(actorUserId: number, meta: RequestMeta): Promise<ChainReportBody> {
  const report = serializeChainReport(await verifyAuditChain(), auditWriteFailures().count);
  await audit({
    action: "AUDIT_VERIFIED",
    targetType: "audit_log",
    result: report.ok ? "SUCCESS" : "FAILURE",
    actorUserId,
    meta,
    metadata: { checked: report.checked, broken_count: report.broken_count },
  });
  return report;
}
