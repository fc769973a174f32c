"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { idParam } from "@/lib/catalog/schemas";
import { ApiError } from "@/lib/http/problem";
import { runUserAction, type ActionResult, type ActionState } from "@/lib/http/server-action";
import { changeOrderStatus } from "./change-status";
import { updateStatusSchema } from "./schemas";

const fulfilmentSchema = z.strictObject({ order_id: idParam, status: updateStatusSchema.shape.status });

/** Moves that only the admin console makes here (customers cancel from their own order pages). */
const ADMIN_ONLY = new Set(["CANCELLED", "REFUNDED"]);

/**
 * The seller and admin consoles' status buttons: the same rules as POST /api/orders/{id}/update_status/ (the state
 * machine and who may make each move are decided by changeOrderStatus on the locked order; an order the caller
 * may not see is "Not found."), with the same rate limit.
 */
export async function changeOrderStatusAction(_state: ActionState, formData: FormData): Promise<ActionResult> {
  return runUserAction(
    { schema: fulfilmentSchema, input: { order_id: formData.get("order_id"), status: formData.get("status") }, limits: ["orders.update_status"], context: "change order status" },
    async ({ principal, input, meta }): Promise<ActionResult> => {
      const may = ADMIN_ONLY.has(input.status) ? principal.permissions.has("orders:manage") : principal.permissions.has("orders:fulfil") || principal.permissions.has("orders:manage");
      if (!may) throw new ApiError("forbidden", "You do not have permission to do this.");
      const order = await changeOrderStatus(principal, input.order_id, input.status, meta);
      for (const path of ["/seller/orders", `/seller/orders/${order.id}`, "/admin/orders", `/admin/orders/${order.id}`]) revalidatePath(path);
      return { ok: true, detail: `Order ${order.order_number} is now ${order.status}.` };
    },
  );
}
