import type { z } from "zod";
import { jsonResponse } from "@/lib/http/json";
import { withApi } from "@/lib/http/with-api";
import { changeOrderStatus } from "@/lib/orders/change-status";
import { orderIdParams, updateStatusSchema } from "@/lib/orders/schemas";
import { orderStatusChangedSchema } from "@/lib/orders/serializers";
import { requestMeta } from "@/lib/security/request-meta";

// POST /api/orders/{id}/update_status/ — move an order along the state machine (who may do what: lib/orders/transitions.ts)
export const POST = withApi(
  {
    params: orderIdParams,
    keyScopes: ["orders:create", "orders:fulfil", "orders:manage"],
    body: updateStatusSchema,
    doc: {
      summary: "Change an order's status",
      description: [
        "Moves the order along its state machine: `PENDING → CONFIRMED → PROCESSING → SHIPPED → DELIVERED` (the seller of every line, or an admin), `PENDING`/`CONFIRMED → CANCELLED` (the customer or an admin), `DELIVERED → REFUNDED` (admins). Cancelling and refunding put the stock back in the same transaction, exactly once.",
        "A move the state machine does not have is a 409 with `current_status`; a legal move the caller may not make is a 403 (a seller whose order also holds other sellers' lines, or who placed it, cannot move it). An order the caller cannot see is a 404. `allowed_transitions` in the order lists the moves the caller may make. Audited, refusals included.",
      ].join("\n\n"),
      tags: ["orders"],
      responses: { 200: orderStatusChangedSchema },
      errors: [404, 409],
    },
  },
  async ({ req, principal, params, body, requestId }) => {
    const order = await changeOrderStatus(principal, params.id, body.status, requestMeta(req.headers, requestId));
    return jsonResponse({ detail: "Order status updated successfully.", order } satisfies z.input<typeof orderStatusChangedSchema>);
  },
);
