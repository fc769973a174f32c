import { and, eq, inArray, like, sql } from "drizzle-orm";
import { db } from "@/db/client";
import { alerts } from "@/db/schema";
import type { Detection } from "./detect";
import { SEVERITY_RANK, type CycleContext, type Finding } from "./types";

export type AlertRow = typeof alerts.$inferSelect;
export type SeenAlert = { alert: AlertRow; finding: Finding; isNew: boolean; raised: boolean };
export type AlertChanges = { seen: SeenAlert[]; updated: number; resolved: AlertRow[] };

const OPEN = ["active", "acknowledged"];
const jsonb = (value: unknown) => sql`${JSON.stringify(value)}::jsonb`;

/**
 * The alert lifecycle for the agent's own alerts (source `agent:<detector>`; alerts made by hand are never touched):
 * an open alert (active or acknowledged) with the finding's fingerprint is updated (one more occurrence, latest
 * evidence, severity raised if worse, clear count reset), otherwise a new one opens. An open alert whose condition
 * was not seen counts a clear cycle, but only when its detector ran (a failing detector proves nothing), and is
 * resolved after AGENT_AUTO_RESOLVE_CYCLES of them.
 */
export async function applyFindings(ctx: CycleContext, detection: Detection): Promise<AlertChanges> {
  const open = await db().select().from(alerts).where(and(inArray(alerts.status, OPEN), like(alerts.source, "agent:%")));
  const byFingerprint = new Map(open.map((a) => [a.fingerprint, a]));
  const out: AlertChanges = { seen: [], updated: 0, resolved: [] };
  for (const f of detection.findings) {
    const existing = byFingerprint.get(f.fingerprint);
    const common = { title: f.title.slice(0, 200), message: f.message, evidence: f.evidence, lastSeenAt: ctx.now, clearCycles: 0 };
    if (existing) {
      byFingerprint.delete(f.fingerprint);
      const raised = SEVERITY_RANK[f.severity]! > (SEVERITY_RANK[existing.severity] ?? 0);
      const [row] = await db()
        .update(alerts)
        .set({ ...common, occurrences: sql`${alerts.occurrences} + 1`, ...(raised ? { severity: f.severity } : {}) })
        .where(eq(alerts.id, existing.id))
        .returning();
      out.updated++;
      out.seen.push({ alert: row!, finding: f, isNew: false, raised });
    } else {
      const [row] = await db()
        .insert(alerts)
        .values({ ...common, fingerprint: f.fingerprint.slice(0, 200), alertType: f.type, severity: f.severity, source: `agent:${f.detector}`, metadata: { subject: f.subject ?? null, first_evidence: f.evidence }, createdAt: ctx.now })
        .returning();
      out.seen.push({ alert: row!, finding: f, isNew: true, raised: false });
    }
  }
  const limit = ctx.config.autoResolveCycles;
  for (const a of byFingerprint.values()) {
    if (!detection.ok.has(a.source.slice("agent:".length))) continue;
    const cycles = a.clearCycles + 1;
    if (cycles < limit) {
      await db().update(alerts).set({ clearCycles: cycles }).where(and(eq(alerts.id, a.id), inArray(alerts.status, OPEN)));
      continue;
    }
    const resolution = `Resolved automatically: the condition was not seen for ${cycles} consecutive agent cycles.`;
    const [row] = await db()
      .update(alerts)
      .set({ clearCycles: cycles, status: "resolved", resolvedAt: ctx.now, resolvedBy: null, metadata: sql`${alerts.metadata} || ${jsonb({ resolution, auto_resolved: true })}` })
      .where(and(eq(alerts.id, a.id), inArray(alerts.status, OPEN)))
      .returning();
    if (row) out.resolved.push(row);
  }
  return out;
}
