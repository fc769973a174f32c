import { describe, expect, it } from "vitest";
import { ORDER_STATUSES } from "@/db/schema/orders";
import { checkTransition, nextStatuses, TRANSITIONS } from "./transitions";

describe("order state machine", () => {
  it("moves forward PENDING → CONFIRMED → PROCESSING → SHIPPED → DELIVERED for sellers and admins", () => {
    const path = ["PENDING", "CONFIRMED", "PROCESSING", "SHIPPED", "DELIVERED"] as const;
    for (let i = 0; i < path.length - 1; i++) {
      expect(checkTransition(path[i]!, path[i + 1]!, ["seller"])).toEqual({ ok: true });
      expect(checkTransition(path[i]!, path[i + 1]!, ["admin"])).toEqual({ ok: true });
      expect(checkTransition(path[i]!, path[i + 1]!, ["customer"])).toEqual({ ok: false, reason: "not_allowed" });
    }
  });

  it("lets the customer cancel only from PENDING or CONFIRMED, never a seller", () => {
    expect(checkTransition("PENDING", "CANCELLED", ["customer"]).ok).toBe(true);
    expect(checkTransition("CONFIRMED", "CANCELLED", ["customer"]).ok).toBe(true);
    expect(checkTransition("PROCESSING", "CANCELLED", ["customer"])).toEqual({ ok: false, reason: "illegal" });
    expect(checkTransition("PROCESSING", "CANCELLED", ["admin"])).toEqual({ ok: false, reason: "illegal" });
    expect(checkTransition("PENDING", "CANCELLED", ["seller"])).toEqual({ ok: false, reason: "not_allowed" });
  });

  it("refunds only DELIVERED orders, only for admins", () => {
    expect(checkTransition("DELIVERED", "REFUNDED", ["admin"]).ok).toBe(true);
    expect(checkTransition("DELIVERED", "REFUNDED", ["seller", "customer"])).toEqual({ ok: false, reason: "not_allowed" });
    expect(checkTransition("SHIPPED", "REFUNDED", ["admin"])).toEqual({ ok: false, reason: "illegal" });
  });

  it("never leaves a terminal state and never re-enters the same state", () => {
    for (const to of ORDER_STATUSES) {
      expect(checkTransition("CANCELLED", to, ["admin"]).ok).toBe(false);
      expect(checkTransition("REFUNDED", to, ["admin"]).ok).toBe(false);
    }
    for (const s of ORDER_STATUSES) expect(TRANSITIONS[s][s]).toBeUndefined();
  });

  it("lists the buttons each role gets", () => {
    expect(nextStatuses("PENDING", ["customer"])).toEqual(["CANCELLED"]);
    expect(nextStatuses("PENDING", ["seller"])).toEqual(["CONFIRMED"]);
    expect(nextStatuses("PENDING", ["admin"])).toEqual(["CONFIRMED", "CANCELLED"]);
    expect(nextStatuses("DELIVERED", ["seller"])).toEqual([]);
  });
});
