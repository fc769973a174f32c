import type { Principal } from "@/lib/auth/principal";
import type { OrderRole } from "./transitions";

/**
 * The roles a caller holds on one order: the customer who placed it, a seller with at least one line in it, an
 * admin. No role means the order does not exist for them (404).
 */
export function orderRoles(principal: Principal, order: { customerId: number }, sellerHasLine: boolean): OrderRole[] {
  const roles: OrderRole[] = [];
  if (order.customerId === principal.userId && principal.permissions.has("orders:create")) roles.push("customer");
  if (sellerHasLine && principal.permissions.has("orders:fulfil")) roles.push("seller");
  if (principal.permissions.has("orders:manage")) roles.push("admin");
  return roles;
}

/** Customers and admins see every line; a seller who is neither sees only their own lines. */
export function seesAllLines(roles: readonly OrderRole[]): boolean {
  return roles.includes("customer") || roles.includes("admin");
}
