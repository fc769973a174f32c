import { Badge } from "@/components/admin/users/badges";

/** The stock state a seller acts on: out of stock, low (at or below the product's own threshold), or fine. */
export function StockBadge({ stock, threshold }: { stock: number; threshold: number }) {
  if (stock === 0) return <Badge tone="red">Out of stock</Badge>;
  if (stock <= threshold) return <Badge tone="amber" title={`Threshold: ${threshold}`}>Low stock</Badge>;
  return <Badge tone="green">In stock</Badge>;
}
