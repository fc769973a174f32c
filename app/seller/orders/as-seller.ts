import type { Permission } from "@/lib/auth/permissions";
import type { Principal } from "@/lib/auth/principal";

const SELLER_ONLY: ReadonlySet<Permission> = new Set<Permission>(["orders:fulfil"]);

/**
 * The caller seen only as a seller, for reading orders in the seller console: orders that hold one of their lines,
 * and only those lines — not the orders they placed as a customer, nor every order for an admin. It only ever
 * narrows the caller's rights and is used for reads; status changes run with the real principal.
 */
export function asSeller(principal: Principal): Principal {
  return { ...principal, permissions: SELLER_ONLY };
}
