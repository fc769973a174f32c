import { eq, type SQL } from "drizzle-orm";
import { webhookEndpoints } from "@/db/schema";
import type { Principal } from "@/lib/auth/principal";

/**
 * Who may see and manage every endpoint, not only their own: someone who may already see everything those
 * endpoints' deliveries carry (every order, every product, every review). That is the administrator; the permission
 * table has no webhook-specific "manage all" entry, so it is decided from these three.
 */
export function managesAllWebhooks(principal: Principal): boolean {
  return (
    principal.permissions.has("orders:manage") &&
    principal.permissions.has("products:manage") &&
    principal.permissions.has("reviews:moderate")
  );
}

/** The owner filter inside every query and write: none for an administrator, else the caller's own endpoints. */
export function endpointOwnership(principal: Principal): SQL | undefined {
  return managesAllWebhooks(principal) ? undefined : eq(webhookEndpoints.ownerId, principal.userId);
}
