import type { Metadata } from "next";
import { DashboardClient } from "@/components/admin/dashboard/dashboard-client";
import type { ActionKindInfo, Dashboard } from "@/components/admin/dashboard/types";
import { Forbidden } from "@/components/forbidden";
import { requirePermission } from "@/lib/auth/page-principal";
import { errorFields, log } from "@/lib/log";
import { ACTION_KINDS } from "@/lib/monitoring/agent/actions/registry";
import { buildDashboard } from "@/lib/monitoring/api/dashboard";

export const metadata: Metadata = { title: "Monitoring" };

/** What the dashboard may offer for each kind of agent action, from the agent's own registry. */
function actionKinds(): Record<string, ActionKindInfo> {
  return Object.fromEntries(
    Object.entries(ACTION_KINDS).map(([type, k]) => [type, { undoable: Boolean(k.undo), notUndoable: k.notUndoable ?? null, cannotApply: k.cannotApply ?? null }]),
  );
}

/**
 * /admin — the live monitoring dashboard (monitoring:read). The first snapshot is read here through lib (no HTTP
 * hop); the client keeps it live with the stream. If that first read fails the page still renders, and the stream
 * fills it in.
 */
export default async function AdminDashboardPage() {
  const principal = await requirePermission("/admin", "monitoring:read");
  if (!principal) return <Forbidden />;
  let initial: Dashboard | null = null;
  try {
    initial = await buildDashboard("1h");
  } catch (error) {
    log.error("admin dashboard: first snapshot failed", errorFields(error));
  }
  return <DashboardClient initial={initial} canAct={principal.permissions.has("monitoring:act")} actionKinds={actionKinds()} />;
}
