import { describe, expect, it } from "vitest";
import { allowedIncidentMoves, canMoveIncident } from "./incident-transitions";
import { INCIDENT_STATUSES } from "./schemas";

describe("incident state machine", () => {
  it("allows the documented moves only", () => {
    const allowed = INCIDENT_STATUSES.flatMap((from) => INCIDENT_STATUSES.filter((to) => canMoveIncident(from, to)).map((to) => `${from}->${to}`));
    expect(allowed.sort()).toEqual(["investigating->resolved", "open->investigating", "open->resolved", "resolved->closed", "resolved->investigating"]);
  });

  it("never allows staying in the same status, and closed is final", () => {
    for (const s of INCIDENT_STATUSES) expect(canMoveIncident(s, s)).toBe(false);
    expect(allowedIncidentMoves("closed")).toEqual([]);
  });
});
