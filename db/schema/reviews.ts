import { sql } from "drizzle-orm";
import {
  bigint,
  bigserial,
  check,
  index,
  integer,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  unique,
  varchar,
} from "drizzle-orm/pg-core";
import { users } from "./auth";
import { products } from "./catalog";

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });

export const reviews = pgTable(
  "reviews",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    customerId: bigint("customer_id", { mode: "number" })
      .notNull()
      .references(() => users.id, { onDelete: "restrict" }),
    productId: bigint("product_id", { mode: "number" })
      .notNull()
      .references(() => products.id, { onDelete: "cascade" }),
    rating: smallint("rating").notNull(),
    title: varchar("title", { length: 200 }).notNull(),
    comment: text("comment").notNull().default(""),
    /** pending → approved | rejected; any edit of text or rating goes back to pending. */
    status: varchar("status", { length: 16 }).notNull().default("pending"),
    rejectionReason: varchar("rejection_reason", { length: 500 }),
    moderatedBy: bigint("moderated_by", { mode: "number" }).references(() => users.id, { onDelete: "set null" }),
    moderatedAt: ts("moderated_at"),
    helpfulCount: integer("helpful_count").notNull().default(0),
    createdAt: ts("created_at").notNull().defaultNow(),
    updatedAt: ts("updated_at").notNull().defaultNow(),
  },
  (t) => [
    unique("reviews_customer_product_uq").on(t.customerId, t.productId),
    check("reviews_rating_range", sql`${t.rating} between 1 and 5`),
    check("reviews_status", sql`${t.status} in ('pending', 'approved', 'rejected')`),
    check("reviews_comment_length", sql`char_length(${t.comment}) <= 5000`),
    check("reviews_helpful_nonneg", sql`${t.helpfulCount} >= 0`),
    index("reviews_product_idx").on(t.productId, t.status, t.rating),
    index("reviews_customer_idx").on(t.customerId, t.createdAt),
  ],
);

export const reviewVotes = pgTable(
  "review_votes",
  {
    reviewId: bigint("review_id", { mode: "number" })
      .notNull()
      .references(() => reviews.id, { onDelete: "cascade" }),
    userId: bigint("user_id", { mode: "number" })
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: ts("created_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.reviewId, t.userId] })],
);
