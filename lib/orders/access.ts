import type { Principal } from "@/lib/auth/principal";
import type { OrderRole } from "./transitions";

/**
 * The roles a caller holds on one order: the customer who placed it, the seller of its lines, an admin. No role
 * means the order does not exist for them (404).
 *
 * A seller may move an order forward only when every line in it is theirs and they did not place it themselves:
 * otherwise one seller could mark another seller's lines shipped or delivered, or a seller could "deliver" their own
 * purchase to earn a verified-purchase badge. Such orders are moved by an admin (per-line fulfilment is not modelled);
 * the seller still sees their own lines.
 */
export function orderRoles(principal: Principal, order: { customerId: number }, lines: { sellerId: number }[]): OrderRole[] {
  const roles: OrderRole[] = [];
  const isCustomer = order.customerId === principal.userId;
  if (isCustomer && principal.permissions.has("orders:create")) roles.push("customer");
  const allMine = lines.length > 0 && lines.every((l) => l.sellerId === principal.userId);
  if (allMine && !isCustomer && principal.permissions.has("orders:fulfil")) roles.push("seller");
  if (principal.permissions.has("orders:manage")) roles.push("admin");
  return roles;
}

/** Customers and admins see every line; a seller who is neither sees only their own lines. */
export function seesAllLines(roles: readonly OrderRole[]): boolean {
  return roles.includes("customer") || roles.includes("admin");
}
