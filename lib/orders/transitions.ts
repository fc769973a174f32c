import type { OrderStatus } from "@/db/schema/orders";

/** How the caller relates to an order; decides which transitions they may make. */
export type OrderRole = "customer" | "seller" | "admin";

/**
 * The whole state machine: every legal transition and who may make it. Anything not listed is refused —
 * including leaving CANCELLED, REFUNDED or DELIVERED (except DELIVERED → REFUNDED for admins).
 */
export const TRANSITIONS: Record<OrderStatus, Partial<Record<OrderStatus, readonly OrderRole[]>>> = {
  PENDING: { CONFIRMED: ["seller", "admin"], CANCELLED: ["customer", "admin"] },
  CONFIRMED: { PROCESSING: ["seller", "admin"], CANCELLED: ["customer", "admin"] },
  PROCESSING: { SHIPPED: ["seller", "admin"] },
  SHIPPED: { DELIVERED: ["seller", "admin"] },
  DELIVERED: { REFUNDED: ["admin"] },
  CANCELLED: {},
  REFUNDED: {},
};

/** Statuses that put the stock back (exactly once, in the transaction that enters them). */
export const RESTOCKING_STATUSES: ReadonlySet<OrderStatus> = new Set(["CANCELLED", "REFUNDED"]);

/** The timestamp column each status sets when the order enters it. */
export const STATUS_TIMESTAMP = {
  CONFIRMED: "confirmedAt",
  SHIPPED: "shippedAt",
  DELIVERED: "deliveredAt",
  CANCELLED: "cancelledAt",
  REFUNDED: "refundedAt",
} as const satisfies Partial<Record<OrderStatus, string>>;

export type TransitionCheck = { ok: true } | { ok: false; reason: "illegal" | "not_allowed" };

export function checkTransition(from: OrderStatus, to: OrderStatus, roles: readonly OrderRole[]): TransitionCheck {
  const allowed = TRANSITIONS[from][to];
  if (!allowed) return { ok: false, reason: "illegal" };
  return roles.some((r) => allowed.includes(r)) ? { ok: true } : { ok: false, reason: "not_allowed" };
}

/** The next statuses `roles` may move an order to from `from` (drives the buttons in the UI). */
export function nextStatuses(from: OrderStatus, roles: readonly OrderRole[]): OrderStatus[] {
  return (Object.entries(TRANSITIONS[from]) as [OrderStatus, readonly OrderRole[]][])
    .filter(([, who]) => roles.some((r) => who.includes(r)))
    .map(([to]) => to);
}
