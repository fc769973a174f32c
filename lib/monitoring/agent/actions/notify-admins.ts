import { and, eq } from "drizzle-orm";
import { db } from "@/db/client";
import { permissions, rolePermissions, roles, userRoles, users } from "@/db/schema";
import { env } from "@/lib/env";
import { sendMail } from "@/lib/mail/send";
import type { ActionKind } from "./types";

/** Active users allowed to act on monitoring (monitoring:act through an active role). */
export async function monitoringAdmins(): Promise<string[]> {
  const rows = await db()
    .selectDistinct({ email: users.email })
    .from(users)
    .innerJoin(userRoles, eq(userRoles.userId, users.id))
    .innerJoin(roles, and(eq(roles.id, userRoles.roleId), eq(roles.isActive, true)))
    .innerJoin(rolePermissions, eq(rolePermissions.roleId, roles.id))
    .innerJoin(permissions, and(eq(permissions.id, rolePermissions.permissionId), eq(permissions.code, "monitoring:act")))
    .where(eq(users.isActive, true));
  return rows.map((r) => r.email).sort();
}

/**
 * Tells the administrators: an email to each (outbox or SMTP) and, when AGENT_WEBHOOK_URL is set, a POST of the
 * same facts as JSON (5 s timeout). A failed channel is recorded in the action, never thrown.
 */
export const notifyAdmins: ActionKind = {
  requiresApproval: false,
  capped: false,
  inTransaction: false,
  notUndoable: "A notification that was sent cannot be unsent.",
  async run(_database, row, ctx) {
    const p = (row.metadata as { params?: { subject?: string; text?: string; payload?: unknown } }).params ?? {};
    const subject = p.subject ?? row.description;
    const text = `${p.text ?? row.explanation}\n\nOpen the monitoring dashboard: ${env().APP_URL}/admin`;
    const recipients = await monitoringAdmins();
    let mailed = 0;
    for (const to of recipients) {
      await sendMail({ to, subject: `[Secure Shop monitoring] ${subject}`, text });
      mailed++;
    }
    let webhook: string | null = null;
    if (ctx.config.webhookUrl) {
      try {
        const res = await fetch(ctx.config.webhookUrl, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ event: "monitoring.notification", action_id: row.id, subject, at: ctx.now.toISOString(), ...(p.payload as object) }),
          signal: AbortSignal.timeout(5000),
          redirect: "error",
        });
        webhook = res.ok ? "delivered" : `failed: HTTP ${res.status}`;
      } catch (error) {
        webhook = `failed: ${error instanceof Error && error.name === "TimeoutError" ? "no answer within 5 s" : "unreachable"}`;
      }
    }
    const ok = webhook === null || webhook === "delivered";
    return {
      message: `Emailed ${mailed} administrator(s)${webhook ? `; webhook ${webhook}` : ""}.`,
      success: ok,
      outcome: "done",
      metadata: { emailed: mailed, webhook },
    };
  },
};
