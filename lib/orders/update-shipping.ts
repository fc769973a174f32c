import { eq } from "drizzle-orm";
import { db } from "@/db/client";
import { orders } from "@/db/schema";
import { audit } from "@/lib/audit/write";
import type { Principal } from "@/lib/auth/principal";
import { ApiError } from "@/lib/http/problem";
import type { RequestMeta } from "@/lib/security/request-meta";
import { getOrderViewOrThrow } from "./queries";
import type { PatchOrderInput } from "./schemas";
import { serializeOrder, type SerializedOrder } from "./serializers";

const COLUMN = {
  shipping_address: "shippingAddress",
  shipping_city: "shippingCity",
  shipping_postal_code: "shippingPostalCode",
  shipping_country: "shippingCountry",
  contact_phone: "contactPhone",
  notes: "notes",
} as const;

/** The customer (or an admin) corrects the shipping details while the order is still PENDING. */
export async function updateShippingDetails(principal: Principal, orderId: number, input: PatchOrderInput, meta: RequestMeta): Promise<SerializedOrder> {
  return db().transaction(async (tx) => {
    const view = await getOrderViewOrThrow(principal, orderId, tx, true);
    if (!view.roles.includes("customer") && !view.roles.includes("admin")) {
      throw new ApiError("forbidden", "You can only update your own orders.");
    }
    if (view.order.status !== "PENDING") {
      throw new ApiError("conflict", "You can only update orders that are pending.", { extensions: { current_status: view.order.status } });
    }
    const changes: Partial<typeof orders.$inferInsert> = { updatedAt: new Date() };
    const changed: string[] = [];
    for (const [field, column] of Object.entries(COLUMN) as [keyof typeof COLUMN, (typeof COLUMN)[keyof typeof COLUMN]][]) {
      const value = input[field];
      if (value !== undefined) {
        changes[column] = value;
        changed.push(field);
      }
    }
    await tx.update(orders).set(changes).where(eq(orders.id, orderId));
    await audit({ action: "ORDER_UPDATE", targetType: "ORDER", targetId: orderId, result: "SUCCESS", actorUserId: principal.userId, meta, metadata: { fields: changed } }, tx);
    return serializeOrder(await getOrderViewOrThrow(principal, orderId, tx));
  });
}
