import type { Detector, Finding } from "../types";

const g = globalThis as typeof globalThis & { __shopAgentAuditFailuresSeen?: number };

/** The audit chain: a changed, unlinked or removed row means the security log may have been tampered with. */
export const integrityDetector: Detector = {
  name: "integrity",
  async run(ctx) {
    const s = await ctx.inputs.auditChain();
    const out: Finding[] = [];
    if (s.status === "broken") {
      out.push({
        fingerprint: "security:audit_chain",
        type: "security",
        severity: "critical",
        title: "Audit log chain broken",
        message: `${s.broken.length} audit log row(s) no longer match the hash chain (first: row ${s.broken[0]?.id}, ${s.broken[0]?.reason}). Someone with database access may have changed or deleted security records; run a full verification and compare with backups.`,
        evidence: { metric: "audit_chain_broken_rows", value: s.broken.length, window: `rows ${s.verifiedFromId}–${s.verifiedToId} verified incrementally`, samples: s.checkedThisCall, broken: s.broken.slice(0, 20) },
      });
    }
    // new failures since the last cycle (the process counter only grows): the alert clears once they stop
    const seen = g.__shopAgentAuditFailuresSeen ?? 0;
    g.__shopAgentAuditFailuresSeen = s.writeFailures;
    if (s.writeFailures > seen) {
      out.push({
        fingerprint: "security:audit_write_failures",
        type: "security",
        severity: "warning",
        title: "Audit log writes failing",
        message: `${s.writeFailures - seen} audit event(s) could not be written since the last cycle (${s.writeFailures} since this instance started): security events are going unrecorded.`,
        evidence: { metric: "audit_write_failures", value: s.writeFailures - seen, window: "since the last cycle on this instance", total: s.writeFailures },
      });
    }
    return out;
  },
};
