import { Badge } from "@/components/admin/users/badges";

const TONE = {
  PENDING: "amber",
  CONFIRMED: "slate",
  PROCESSING: "slate",
  SHIPPED: "green",
  DELIVERED: "green",
  CANCELLED: "red",
  REFUNDED: "red",
} as const;

/** An order status as text (never colour alone). */
export function OrderStatusBadge({ status }: { status: keyof typeof TONE }) {
  return <Badge tone={TONE[status]}>{status}</Badge>;
}
