"use server";

import { z } from "zod";
import { runUserAction, type ActionResult, type ActionState } from "@/lib/http/server-action";
import { approveAgentAction, undoAgentAction } from "@/lib/monitoring/agent/undo";
import { acknowledgeAlert, resolveAlert } from "@/lib/monitoring/api/alert-mutations";
import { emptyBodySchema } from "@/lib/monitoring/api/schemas";
import { triggerMonitoring } from "@/lib/monitoring/api/trigger";

/**
 * The dashboard's buttons: the same lib calls, permission (monitoring:act) and rate limits as the API routes
 * (alerts/{id}/acknowledge|resolve/, ai-actions/{id}/undo|approve/, ai-actions/trigger_monitoring/). The page then
 * re-reads the dashboard; these only say what happened. Buttons name their choice `decision` (a control named
 * `action` would shadow the form's own property).
 */
const id = z.coerce.number<string>({ error: "must be a numeric id" }).int("must be a whole number").positive("must be a positive id").max(Number.MAX_SAFE_INTEGER);

const alertDecisionSchema = z.strictObject({ alert_id: id, decision: z.enum(["acknowledge", "resolve"], { error: "Choose acknowledge or resolve." }) });
const agentDecisionSchema = z.strictObject({ action_id: id, decision: z.enum(["undo", "approve"], { error: "Choose undo or approve." }) });

export async function alertDecisionAction(_state: ActionState, formData: FormData): Promise<ActionResult> {
  return runUserAction(
    { schema: alertDecisionSchema, input: formData, permission: "monitoring:act", limits: ["monitoring.act"], context: "alert decision", allowInReadOnly: true },
    async ({ principal, input, meta }): Promise<ActionResult> => {
      const alert = input.decision === "acknowledge" ? await acknowledgeAlert(principal, input.alert_id, undefined, meta) : await resolveAlert(principal, input.alert_id, undefined, meta);
      return { ok: true, detail: `Alert #${alert.id} ${alert.status}.` };
    },
  );
}

export async function agentDecisionAction(_state: ActionState, formData: FormData): Promise<ActionResult> {
  return runUserAction(
    { schema: agentDecisionSchema, input: formData, permission: "monitoring:act", limits: ["monitoring.act"], context: "agent action decision", allowInReadOnly: true },
    async ({ principal, input, meta }): Promise<ActionResult> => {
      const row = input.decision === "undo" ? await undoAgentAction(principal, input.action_id, meta) : await approveAgentAction(principal, input.action_id, meta);
      return { ok: true, detail: input.decision === "undo" ? `Action #${row.id} undone.` : `Action #${row.id} approved: ${row.resultMessage}` };
    },
  );
}

export async function triggerMonitoringAction(_state: ActionState, formData: FormData): Promise<ActionResult> {
  return runUserAction(
    { schema: emptyBodySchema, input: formData, permission: "monitoring:act", limits: ["monitoring.trigger"], context: "trigger monitoring", allowInReadOnly: true },
    async ({ principal, meta }): Promise<ActionResult> => {
      const { message, results: r } = await triggerMonitoring(principal, meta);
      const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
      return {
        ok: true,
        detail: `${message}: ${plural(r.findings, "finding")}, ${plural(r.alerts_opened, "new alert")}, ${plural(r.actions_taken, "action")} taken, ${r.actions_pending_approval} waiting for approval; overall ${r.overall_status}.`,
      };
    },
  );
}
