import { sql } from "drizzle-orm";
import { db, queryRows } from "@/db/client";
import { stepStarts, type SignalWindow } from "./window";

/**
 * Business signals: orders placed per step, cancelled orders, and active products at or below their own
 * low-stock threshold (products.low_stock_threshold, the same rule as the PRODUCT_LOW_STOCK audit event).
 * Index note: orders has no index leading with created_at (orders_status_idx is (status, created_at)), so the
 * series scans orders; `create index orders_created_idx on orders (created_at)` fixes that.
 */
const n = (v: number | string | null | undefined) => Number(v ?? 0);

/** Orders placed per step of the window (any status), zero-filled, with their total amount in cents. */
export async function orderSeries(w: SignalWindow): Promise<{ t: string; orders: number; amountCents: number }[]> {
  const rows = await queryRows<{ t: string | number; orders: string | number; cents: string | number | null }>(
    db(),
    sql`select (floor(extract(epoch from created_at) / ${w.stepSeconds}::integer) * ${w.stepSeconds}::integer)::bigint as t,
          count(*) as orders, (sum(total_amount) * 100)::bigint as cents
        from orders where created_at >= ${w.from.toISOString()}::timestamptz and created_at < ${w.to.toISOString()}::timestamptz
        group by 1`,
  );
  const byStep = new Map(rows.map((r) => [n(r.t) * 1000, r]));
  return stepStarts(w).map((t) => {
    const r = byStep.get(t);
    return { t: new Date(t).toISOString(), orders: n(r?.orders), amountCents: n(r?.cents) };
  });
}

/** Orders cancelled during the window (by cancelled_at; orders_status_idx narrows to status CANCELLED). */
export async function cancelledOrders(w: SignalWindow): Promise<number> {
  const [r] = await queryRows<{ n: string | number }>(
    db(),
    sql`select count(*) as n from orders
        where status = 'CANCELLED' and cancelled_at >= ${w.from.toISOString()}::timestamptz and cancelled_at < ${w.to.toISOString()}::timestamptz`,
  );
  return n(r?.n);
}

export type LowStock = { count: number; outOfStock: number; products: { id: number; name: string; stock: number; threshold: number }[] };

/** Active products at or below their low-stock threshold now (not windowed: stock is a level), lowest stock first. */
export async function lowStockProducts(limit = 10): Promise<LowStock> {
  const [totals, rows] = await Promise.all([
    queryRows<{ count: string | number; out: string | number }>(
      db(),
      sql`select count(*) as count, count(*) filter (where stock_quantity = 0) as out
          from products where is_active and stock_quantity <= low_stock_threshold`,
    ),
    queryRows<{ id: string | number; name: string; stock: number; threshold: number }>(
      db(),
      sql`select id, name, stock_quantity as stock, low_stock_threshold as threshold
          from products where is_active and stock_quantity <= low_stock_threshold
          order by stock_quantity, id limit ${limit}`,
    ),
  ]);
  return {
    count: n(totals[0]?.count),
    outOfStock: n(totals[0]?.out),
    products: rows.map((r) => ({ id: n(r.id), name: r.name, stock: n(r.stock), threshold: n(r.threshold) })),
  };
}
