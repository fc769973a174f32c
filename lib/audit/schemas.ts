import { z } from "zod";
import { paginationQuery } from "@/lib/http/pagination";
import { normalizeIp } from "@/lib/security/client-ip";

export const AUDIT_RESULTS = ["SUCCESS", "FAILURE", "BLOCKED"] as const;
export const AUDIT_ORDERINGS = ["-occurred_at", "occurred_at"] as const;

const token = (max: number, what: string) =>
  z
    .string()
    .max(max, `must be at most ${max} characters`)
    .regex(/^[A-Za-z0-9_.:-]+$/, `must be ${what} (letters, digits, _ . : -)`);

/** ISO 8601 date and time; without an offset it is read as UTC (what the admin page's datetime-local field sends). */
const isoDateTime = z
  .string()
  .max(40, "must be an ISO 8601 date and time")
  .pipe(z.iso.datetime({ offset: true, local: true, error: "must be an ISO 8601 date and time, e.g. 2026-01-31T12:00:00Z" }))
  .transform((v) => new Date(/(Z|[+-]\d{2}(:?\d{2})?)$/i.test(v) ? v : `${v}Z`));

const idParam = z.coerce
  .number<string>({ error: "must be a numeric user id" })
  .int("must be a numeric user id")
  .positive("must be a numeric user id")
  .max(Number.MAX_SAFE_INTEGER, "must be a numeric user id");

/** The filters shared by the list, the export and the admin page. */
export const auditFilterFields = {
  action: token(64, "an action name").optional(),
  result: z.enum(AUDIT_RESULTS, { error: `must be one of ${AUDIT_RESULTS.join(", ")}` }).optional(),
  actor: idParam.optional(),
  target_type: token(32, "a target type").optional(),
  target_id: z.string().min(1, "must not be empty").max(100, "must be at most 100 characters").optional(),
  ip: z
    .string()
    .max(64, "must be an IP address")
    .transform((v, ctx) => {
      const ip = normalizeIp(v);
      if (ip === null) {
        ctx.addIssue({ code: "custom", message: "must be an IPv4 or IPv6 address" });
        return z.NEVER;
      }
      return ip;
    })
    .optional(),
  since: isoDateTime.optional(),
  until: isoDateTime.optional(),
  request_id: token(64, "a request id").optional(),
  ordering: z.enum(AUDIT_ORDERINGS, { error: `must be ${AUDIT_ORDERINGS.join(" or ")}` }).default("-occurred_at"),
};

type WithRange = { since?: Date; until?: Date };
const rangeInOrder = (q: WithRange) => !(q.since && q.until && q.since > q.until);
const rangeIssue = { message: "must not be before since", path: ["until"] };

/** `GET /api/audit/`: filters plus page and page_size; unknown parameters are refused by name. */
export const auditListQuery = z.strictObject({ ...paginationQuery, ...auditFilterFields }).refine(rangeInOrder, rangeIssue);

/** `GET /api/audit/export/`: the same filters, no paging (the export has its own row cap). */
export const auditExportQuery = z.strictObject(auditFilterFields).refine(rangeInOrder, rangeIssue);

export type AuditFilters = z.output<typeof auditExportQuery>;
export type AuditListQuery = z.output<typeof auditListQuery>;

/** The query-string keys the filters use, in the order the admin page carries them. */
export const AUDIT_FILTER_KEYS = ["action", "result", "actor", "target_type", "target_id", "ip", "since", "until", "request_id", "ordering"] as const;

/** `GET /api/audit/verify/` takes no parameters; anything given is refused by name. */
export const auditVerifyQuery = z.strictObject({});
