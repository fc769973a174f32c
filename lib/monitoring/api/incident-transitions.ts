import type { IncidentStatus } from "./schemas";

/**
 * The incident state machine: open → investigating → resolved → closed. An incident may be resolved straight from
 * open (fixed before anyone investigated) and reopened from resolved back to investigating (it came back); a closed
 * incident is final. Anything else, the same status included, is a conflict.
 */
const NEXT: Record<IncidentStatus, readonly IncidentStatus[]> = {
  open: ["investigating", "resolved"],
  investigating: ["resolved"],
  resolved: ["closed", "investigating"],
  closed: [],
};

export function canMoveIncident(from: IncidentStatus, to: IncidentStatus): boolean {
  return NEXT[from].includes(to);
}

export function allowedIncidentMoves(from: IncidentStatus): readonly IncidentStatus[] {
  return NEXT[from];
}
