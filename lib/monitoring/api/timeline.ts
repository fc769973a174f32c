/**
 * One entry of an incident's timeline (incidents.timeline, a jsonb array), newest last, in the agent's shape
 * ({at, event, detail}; lib/monitoring/agent/incidents.ts) plus who did it: `actor` is "user:<id>" for an admin.
 * Events written here: opened, status_changed, severity_changed, resolution_updated, note, alert_acknowledged,
 * alert_resolved. `detail` says it in plain words.
 */
export type TimelineEntry = {
  at: string;
  event: string;
  actor: string;
  detail: string;
  actor_user_id?: number | null;
  alert_id?: number;
  from?: string;
  to?: string;
};

export function timelineEntry(event: string, by: { userId: number } | "agent", detail: string, extra: Partial<TimelineEntry> = {}, now = new Date()): TimelineEntry {
  return {
    at: now.toISOString(),
    event,
    actor: by === "agent" ? "agent" : `user:${by.userId}`,
    actor_user_id: by === "agent" ? null : by.userId,
    detail: detail.slice(0, 1000),
    ...extra,
  };
}

/** The stored timeline with entries appended (a stored value that is not an array starts afresh). */
export function appendTimeline(current: unknown, ...entries: TimelineEntry[]): unknown[] {
  return [...(Array.isArray(current) ? current : []), ...entries];
}
