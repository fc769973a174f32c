import { sql } from "drizzle-orm";
import {
  bigint,
  bigserial,
  check,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  varchar,
} from "drizzle-orm/pg-core";
import { users } from "./auth";
import { products } from "./catalog";

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });
const money = (name: string) => numeric(name, { precision: 12, scale: 2 });

export const ORDER_STATUSES = [
  "PENDING",
  "CONFIRMED",
  "PROCESSING",
  "SHIPPED",
  "DELIVERED",
  "CANCELLED",
  "REFUNDED",
] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export const orders = pgTable(
  "orders",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    orderNumber: varchar("order_number", { length: 50 }).notNull().unique(),
    customerId: bigint("customer_id", { mode: "number" })
      .notNull()
      .references(() => users.id, { onDelete: "restrict" }),
    subtotal: money("subtotal").notNull(),
    taxAmount: money("tax_amount").notNull(),
    shippingCost: money("shipping_cost").notNull(),
    totalAmount: money("total_amount").notNull(),
    status: varchar("status", { length: 20 }).notNull().default("PENDING"),
    shippingAddress: varchar("shipping_address", { length: 500 }).notNull(),
    shippingCity: varchar("shipping_city", { length: 100 }).notNull(),
    shippingPostalCode: varchar("shipping_postal_code", { length: 20 }).notNull(),
    shippingCountry: varchar("shipping_country", { length: 100 }).notNull(),
    contactPhone: varchar("contact_phone", { length: 20 }).notNull().default(""),
    notes: text("notes").notNull().default(""),
    createdAt: ts("created_at").notNull().defaultNow(),
    updatedAt: ts("updated_at").notNull().defaultNow(),
    confirmedAt: ts("confirmed_at"),
    shippedAt: ts("shipped_at"),
    deliveredAt: ts("delivered_at"),
    cancelledAt: ts("cancelled_at"),
    refundedAt: ts("refunded_at"),
    /** Set in the same transaction that puts the stock back: guarantees exactly one restoration. */
    stockRestoredAt: ts("stock_restored_at"),
  },
  (t) => [
    check(
      "orders_status",
      sql`${t.status} in ('PENDING','CONFIRMED','PROCESSING','SHIPPED','DELIVERED','CANCELLED','REFUNDED')`,
    ),
    check("orders_amounts_nonneg", sql`${t.subtotal} >= 0 and ${t.taxAmount} >= 0 and ${t.shippingCost} >= 0`),
    check("orders_total_sum", sql`${t.totalAmount} = ${t.subtotal} + ${t.taxAmount} + ${t.shippingCost}`),
    check("orders_total_positive", sql`${t.totalAmount} > 0`),
    index("orders_customer_idx").on(t.customerId, t.createdAt),
    index("orders_status_idx").on(t.status, t.createdAt),
    index("orders_created_idx").on(t.createdAt),
  ],
);

export const orderItems = pgTable(
  "order_items",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    orderId: bigint("order_id", { mode: "number" })
      .notNull()
      .references(() => orders.id, { onDelete: "cascade" }),
    productId: bigint("product_id", { mode: "number" })
      .notNull()
      .references(() => products.id, { onDelete: "restrict" }),
    /** The product's seller at order time: sellers see only their own lines. */
    sellerId: bigint("seller_id", { mode: "number" })
      .notNull()
      .references(() => users.id, { onDelete: "restrict" }),
    productName: varchar("product_name", { length: 200 }).notNull(),
    productSku: varchar("product_sku", { length: 100 }).notNull(),
    quantity: integer("quantity").notNull(),
    unitPrice: money("unit_price").notNull(),
    lineTotal: money("line_total").notNull(),
    createdAt: ts("created_at").notNull().defaultNow(),
  },
  (t) => [
    unique("order_items_order_product_uq").on(t.orderId, t.productId),
    check("order_items_quantity_positive", sql`${t.quantity} > 0`),
    check("order_items_price_positive", sql`${t.unitPrice} > 0`),
    check("order_items_line_total", sql`${t.lineTotal} = ${t.unitPrice} * ${t.quantity}`),
    index("order_items_seller_idx").on(t.sellerId, t.orderId),
    index("order_items_product_idx").on(t.productId),
  ],
);

export const idempotencyKeys = pgTable(
  "idempotency_keys",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    userId: bigint("user_id", { mode: "number" })
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    key: varchar("key", { length: 255 }).notNull(),
    requestHash: varchar("request_hash", { length: 64 }).notNull(),
    responseStatus: integer("response_status"),
    responseBody: jsonb("response_body"),
    orderId: bigint("order_id", { mode: "number" }).references(() => orders.id, { onDelete: "set null" }),
    createdAt: ts("created_at").notNull().defaultNow(),
    expiresAt: ts("expires_at").notNull(),
  },
  (t) => [unique("idempotency_user_key_uq").on(t.userId, t.key), index("idempotency_expiry_idx").on(t.expiresAt)],
);

/** A signed-in customer's cart; an anonymous visitor's cart lives in the browser and is merged in on sign-in. */
export const cartItems = pgTable(
  "cart_items",
  {
    userId: bigint("user_id", { mode: "number" })
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    productId: bigint("product_id", { mode: "number" })
      .notNull()
      .references(() => products.id, { onDelete: "cascade" }),
    quantity: integer("quantity").notNull(),
    addedAt: ts("added_at").notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.productId] }),
    check("cart_items_quantity_range", sql`${t.quantity} between 1 and 10000`),
  ],
);
