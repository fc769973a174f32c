import type { Permission } from "@/lib/auth/permissions";

/**
 * Which view a stored payload was built for, and whether someone still holds it. A payload is built once, at
 * enqueue time, for the owner's view then; the owner may since have been deactivated or narrowed (an administrator
 * demoted to seller), so before each attempt, and before the stored payload is shown, the view is checked again.
 *
 * Audiences: "all" (the domain's see-everything view), "seller:<user id>" (one seller's own view), "seller" (the
 * public view a product's seller gets of a review), null (a ping: no business data).
 */

const SEE_ALL: Record<string, Permission> = {
  "order.created": "orders:manage",
  "order.status_changed": "orders:manage",
  "product.low_stock": "products:manage",
  "review.approved": "reviews:moderate",
};

const SELLER_VIEW: Record<string, Permission> = {
  "order.created": "orders:fulfil",
  "order.status_changed": "orders:fulfil",
  "product.low_stock": "products:write",
  "review.approved": "products:write",
};

export type Viewer = { userId: number; permissions: ReadonlySet<Permission> };

/** Does `viewer` still hold the view `audience` of an event of `eventType`? Unknown combinations: no. */
export function viewCovers(eventType: string, audience: string | null, viewer: Viewer): boolean {
  if (eventType === "ping") return true;
  const all = SEE_ALL[eventType];
  const seller = SELLER_VIEW[eventType];
  if (!all || !seller || audience === null) return false;
  if (viewer.permissions.has(all)) return true;
  if (audience === "seller") return viewer.permissions.has(seller);
  return audience === `seller:${viewer.userId}` && viewer.permissions.has(seller);
}

/** Why a delivery is not sent, or its payload not shown (stored as last_error; the same text for every case). */
export const OWNER_VIEW_LOST =
  "owner_not_permitted: the endpoint's owner is deactivated or no longer holds the view this event was built for";
