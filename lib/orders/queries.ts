import { and, asc, desc, eq, ilike, inArray, or, sql, type SQL } from "drizzle-orm";
import { db, type DbOrTx } from "@/db/client";
import { orderItems, orders, users } from "@/db/schema";
import type { Principal } from "@/lib/auth/principal";
import { ApiError } from "@/lib/http/problem";
import { escapeLike } from "@/lib/http/search";
import { orderRoles, seesAllLines } from "./access";
import type { OrderListQuery } from "./schemas";
import type { OrderRole } from "./transitions";

export type OrderRow = typeof orders.$inferSelect & { customerEmail: string };
export type OrderItemRow = typeof orderItems.$inferSelect;
export type OrderView = { order: OrderRow; items: OrderItemRow[]; roles: OrderRole[]; partial: boolean };

const orderColumns = { order: orders, customerEmail: users.email };

/** A seller's own line exists in this order (used inside queries so ownership is decided by the database). */
function sellerLineExists(sellerId: number): SQL {
  return sql`exists (select 1 from ${orderItems} where ${orderItems.orderId} = ${orders.id} and ${orderItems.sellerId} = ${sellerId})`;
}

/** Which orders a caller may see: admins all; customers their own; sellers those holding one of their lines. */
export function orderVisibility(principal: Principal): SQL | undefined {
  if (principal.permissions.has("orders:manage")) return undefined;
  const own = principal.permissions.has("orders:create") ? eq(orders.customerId, principal.userId) : undefined;
  const selling = principal.permissions.has("orders:fulfil") ? sellerLineExists(principal.userId) : undefined;
  if (!own && !selling) return sql`false`;
  return or(own, selling);
}

async function itemsFor(database: DbOrTx, orderIds: number[]): Promise<OrderItemRow[]> {
  if (!orderIds.length) return [];
  return database.select().from(orderItems).where(inArray(orderItems.orderId, orderIds)).orderBy(asc(orderItems.id));
}

function toView(principal: Principal, row: { order: typeof orders.$inferSelect; customerEmail: string }, allItems: OrderItemRow[]): OrderView {
  const mine = allItems.filter((i) => i.orderId === row.order.id);
  const roles = orderRoles(principal, row.order, mine);
  // a seller without the right to move the order (see orderRoles) still sees their own lines, and only those
  const all = seesAllLines(roles);
  return {
    order: { ...row.order, customerEmail: row.customerEmail },
    items: all ? mine : mine.filter((i) => i.sellerId === principal.userId),
    roles,
    partial: !all,
  };
}

export async function listOrders(principal: Principal, query: OrderListQuery): Promise<{ count: number; views: OrderView[] }> {
  const term = query.search?.trim();
  const where = and(
    orderVisibility(principal),
    query.status ? eq(orders.status, query.status) : undefined,
    query.customer !== undefined ? eq(orders.customerId, query.customer) : undefined,
    term ? or(ilike(orders.orderNumber, `%${escapeLike(term)}%`), ilike(users.email, `%${escapeLike(term)}%`)) : undefined,
  );
  const database = db();
  const [countRow] = await database
    .select({ count: sql<number>`count(*)::int` })
    .from(orders)
    .innerJoin(users, eq(users.id, orders.customerId))
    .where(where);
  const count = countRow?.count ?? 0;
  const offset = (query.page - 1) * query.page_size;
  if (offset >= count) return { count, views: [] };
  const rows = await database
    .select(orderColumns)
    .from(orders)
    .innerJoin(users, eq(users.id, orders.customerId))
    .where(where)
    .orderBy(desc(orders.createdAt), desc(orders.id))
    .limit(query.page_size)
    .offset(offset);
  const items = await itemsFor(database, rows.map((r) => r.order.id));
  return { count, views: rows.map((r) => toView(principal, r, items)) };
}

/**
 * One order as the caller may see it, or 404 — someone else's order is indistinguishable from a missing one.
 * With `forUpdate` the order row stays locked until the transaction ends (status changes serialise on it).
 */
export async function getOrderViewOrThrow(principal: Principal, id: number, database: DbOrTx = db(), forUpdate = false): Promise<OrderView> {
  const base = database
    .select(orderColumns)
    .from(orders)
    .innerJoin(users, eq(users.id, orders.customerId))
    .where(and(eq(orders.id, id), orderVisibility(principal)))
    .limit(1);
  const [row] = forUpdate ? await base.for("update", { of: orders }) : await base;
  if (!row) throw new ApiError("not_found", "Not found.");
  return toView(principal, row, await itemsFor(database, [id]));
}
