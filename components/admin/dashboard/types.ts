import type { Dashboard } from "@/lib/monitoring/api/dashboard";
import type { RangeName } from "@/lib/monitoring/api/schemas";

/** The JSON of GET /api/monitoring/dashboard/ (and of each `dashboard` event of the stream). Types only. */
export type { Dashboard, RangeName };
export type DashboardAlert = Dashboard["recent_alerts"][number];
export type DashboardIncident = Dashboard["active_incidents"][number];
export type DashboardAction = Dashboard["recent_actions"][number];
export type DashboardProbe = Dashboard["dependencies"][number];

/** What the page knows about each kind of agent action (from the agent's registry) that the JSON does not carry. */
export type ActionKindInfo = { undoable: boolean; notUndoable: string | null; cannotApply: string | null };

export const RANGE_LABELS: Record<RangeName, string> = { "1h": "1 h", "24h": "24 h", "7d": "7 d" };
