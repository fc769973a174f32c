import { sql } from "drizzle-orm";
import {
  customType,
  bigint,
  bigserial,
  boolean,
  check,
  index,
  integer,
  numeric,
  pgTable,
  serial,
  text,
  timestamp,
  varchar,
} from "drizzle-orm/pg-core";
import { users } from "./auth";
import { files } from "./files";

/** PostgreSQL full-text search document; only ever computed by the database (a generated column). */
const tsvector = customType<{ data: string }>({ dataType: () => "tsvector" });

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });

export const categories = pgTable(
  "categories",
  {
    id: serial("id").primaryKey(),
    name: varchar("name", { length: 100 }).notNull().unique(),
    slug: varchar("slug", { length: 100 }).notNull().unique(),
  },
  (t) => [check("categories_slug_format", sql`${t.slug} ~ '^[a-z0-9-]+$'`)],
);

export const products = pgTable(
  "products",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    name: varchar("name", { length: 200 }).notNull(),
    description: text("description").notNull().default(""),
    sku: varchar("sku", { length: 100 }).notNull().unique(),
    /** numeric(12,2), handled as a string in code (exact decimal, never a float). */
    price: numeric("price", { precision: 12, scale: 2 }).notNull(),
    stockQuantity: integer("stock_quantity").notNull().default(0),
    lowStockThreshold: integer("low_stock_threshold").notNull().default(5),
    isActive: boolean("is_active").notNull().default(true),
    isFeatured: boolean("is_featured").notNull().default(false),
    /** Deactivated by an admin (not its seller): only an admin may put it back on sale. */
    heldByAdmin: boolean("held_by_admin").notNull().default(false),
    sellerId: bigint("seller_id", { mode: "number" })
      .notNull()
      .references(() => users.id, { onDelete: "restrict" }),
    categoryId: integer("category_id").references(() => categories.id, { onDelete: "set null" }),
    imageFileId: bigint("image_file_id", { mode: "number" }).references(() => files.id, { onDelete: "set null" }),
    /** Bumped on every change; the ETag of the product. */
    version: integer("version").notNull().default(1),
    createdAt: ts("created_at").notNull().defaultNow(),
    updatedAt: ts("updated_at").notNull().defaultNow(),
    /** Name (weight A), SKU (A) and description (B) in the language-neutral 'simple' configuration. */
    searchVector: tsvector("search_vector")
      .notNull()
      .generatedAlwaysAs(
        sql`setweight(to_tsvector('simple', coalesce(name, '') || ' ' || coalesce(sku, '') || ' ' || replace(replace(coalesce(sku, ''), '-', ' '), '_', ' ')), 'A') || setweight(to_tsvector('simple', coalesce(description, '')), 'B')`,
      ),
  },
  (t) => [
    index("products_search_idx").using("gin", t.searchVector),
    check("products_price_positive", sql`${t.price} > 0`),
    check("products_stock_nonneg", sql`${t.stockQuantity} >= 0`),
    check("products_low_stock_nonneg", sql`${t.lowStockThreshold} >= 0`),
    check("products_sku_format", sql`${t.sku} ~ '^[A-Z0-9_-]{1,100}$'`),
    index("products_active_featured_idx").on(t.isActive, t.isFeatured),
    index("products_seller_idx").on(t.sellerId, t.createdAt),
    index("products_created_idx").on(t.createdAt),
    index("products_price_idx").on(t.price),
    index("products_category_idx").on(t.categoryId),
    index("products_name_idx").on(t.name),
  ],
);
