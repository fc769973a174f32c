import type { OrderStatus } from "@/db/schema/orders";

const TONE: Record<OrderStatus, string> = {
  PENDING: "bg-amber-100 text-amber-900",
  CONFIRMED: "bg-sky-100 text-sky-900",
  PROCESSING: "bg-sky-100 text-sky-900",
  SHIPPED: "bg-indigo-100 text-indigo-900",
  DELIVERED: "bg-emerald-100 text-emerald-900",
  CANCELLED: "bg-slate-200 text-slate-800",
  REFUNDED: "bg-slate-200 text-slate-800",
};

/** The status as text (the colour only repeats it). */
export function OrderStatusBadge({ status }: { status: OrderStatus }) {
  return (
    <span data-testid="order-status" className={`inline-block rounded px-2 py-0.5 text-xs font-semibold tracking-wide ${TONE[status]}`}>
      {status}
    </span>
  );
}
