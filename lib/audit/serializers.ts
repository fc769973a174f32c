import type { CsvValue } from "./csv";
import type { ChainReport } from "./verify";

/** An audit row as the queries read it (users joined for the actor's email, nothing else of the user). */
export type AuditRow = {
  id: number;
  occurredAt: Date;
  actorUserId: number | null;
  actorEmail: string | null;
  action: string;
  targetType: string;
  targetId: string | null;
  result: string;
  ip: string | null;
  userAgent: string;
  requestId: string | null;
  metadata: unknown;
  hash: string;
  prevHash: string;
};

/** One audit entry as the API shows it. Fields are listed, never spread. */
export function serializeAuditEntry(r: AuditRow) {
  return {
    id: r.id,
    occurred_at: r.occurredAt.toISOString(),
    actor_user_id: r.actorUserId,
    actor_email: r.actorEmail,
    action: r.action,
    target_type: r.targetType,
    target_id: r.targetId,
    result: r.result,
    ip: r.ip,
    user_agent: r.userAgent,
    request_id: r.requestId,
    metadata: r.metadata ?? {},
    hash: r.hash,
    prev_hash: r.prevHash,
  };
}

export type AuditEntry = ReturnType<typeof serializeAuditEntry>;

/** The export's columns: the API's fields, in the API's order. */
export const AUDIT_CSV_COLUMNS = [
  "id",
  "occurred_at",
  "actor_user_id",
  "actor_email",
  "action",
  "target_type",
  "target_id",
  "result",
  "ip",
  "user_agent",
  "request_id",
  "metadata",
  "hash",
  "prev_hash",
] as const satisfies readonly (keyof AuditEntry)[];

/** One CSV record; metadata as compact JSON text. */
export function auditCsvValues(r: AuditRow): CsvValue[] {
  const e = serializeAuditEntry(r);
  return AUDIT_CSV_COLUMNS.map((c) => (c === "metadata" ? JSON.stringify(e.metadata) : e[c]));
}

/** A verification report is long only when the log was rewritten wholesale; the response lists at most this many. */
export const MAX_BROKEN_LISTED = 1000;

/** `GET /api/audit/verify/`: a report, so 200 whether the chain holds or not. */
export function serializeChainReport(report: ChainReport, writeFailures: number) {
  return {
    ok: report.ok,
    checked: report.checked,
    broken: report.broken.slice(0, MAX_BROKEN_LISTED).map((b) => ({ id: b.id, reason: b.reason })),
    broken_count: report.broken.length,
    first_broken_id: report.broken[0]?.id ?? null,
    write_failures: writeFailures,
  };
}

export type ChainReportBody = ReturnType<typeof serializeChainReport>;
