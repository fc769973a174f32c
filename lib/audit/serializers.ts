import { z } from "zod";
import { isoTimestamp } from "@/lib/openapi/doc";
import type { CsvValue } from "./csv";
import { AUDIT_RESULTS } from "./schemas";
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

/** One audit entry as documented (GET /api/audit/; the CSV export has the same columns). */
export const auditEntrySchema = z.object({
  id: z.number().int(),
  occurred_at: isoTimestamp,
  actor_user_id: z.number().int().nullable().describe("Null for anonymous events and the system's own"),
  actor_email: z.string().nullable().describe("The actor's current email; null when there is no actor or the user was deleted"),
  action: z.string().describe("LOGIN, ORDER_CREATE, AUDIT_EXPORTED …"),
  target_type: z.string(),
  target_id: z.string().nullable(),
  result: z.enum(AUDIT_RESULTS),
  ip: z.string().nullable(),
  user_agent: z.string(),
  request_id: z.string().nullable(),
  metadata: z.record(z.string(), z.unknown()).describe("The event's details"),
  hash: z.string().describe("HMAC-SHA-256 (64 hex digits) over this row and the previous row's hash"),
  prev_hash: z.string().describe("The previous row's hash (64 zeros for the first row)"),
});

/** GET /api/audit/verify/, as documented: a report, so 200 whether the chain holds or not. */
export const chainReportSchema = z.object({
  ok: z.boolean(),
  checked: z.number().int().min(0).describe("Rows checked"),
  broken: z
    .array(z.object({ id: z.number().int(), reason: z.enum(["content_changed", "link_broken"]) }))
    .describe("The broken rows, oldest first (at most 1000 listed)"),
  broken_count: z.number().int().min(0),
  first_broken_id: z.number().int().nullable(),
  write_failures: z.number().int().min(0).describe("Audit rows this instance failed to write since it started"),
});

type AuditEntryOut = z.input<typeof auditEntrySchema>;

/**
 * One audit entry as the API shows it. Fields are listed, never spread. The casts narrow types only: `result` is
 * held by a check constraint and audit() writes metadata as an object; a row rewritten by hand is still shown as
 * stored (GET /api/audit/verify/ names it).
 */
export function serializeAuditEntry(r: AuditRow): AuditEntryOut {
  return {
    id: r.id,
    occurred_at: r.occurredAt.toISOString(),
    actor_user_id: r.actorUserId,
    actor_email: r.actorEmail,
    action: r.action,
    target_type: r.targetType,
    target_id: r.targetId,
    result: r.result as AuditEntryOut["result"],
    ip: r.ip,
    user_agent: r.userAgent,
    request_id: r.requestId,
    metadata: (r.metadata ?? {}) as AuditEntryOut["metadata"],
    hash: r.hash,
    prev_hash: r.prevHash,
  };
}

export type AuditEntry = AuditEntryOut;

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
export function serializeChainReport(report: ChainReport, writeFailures: number): z.input<typeof chainReportSchema> {
  return {
    ok: report.ok,
    checked: report.checked,
    broken: report.broken.slice(0, MAX_BROKEN_LISTED).map((b) => ({ id: b.id, reason: b.reason })),
    broken_count: report.broken.length,
    first_broken_id: report.broken[0]?.id ?? null,
    write_failures: writeFailures,
  };
}

export type ChainReportBody = z.input<typeof chainReportSchema>;
