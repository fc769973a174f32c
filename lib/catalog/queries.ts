import { and, asc, desc, eq, gt, gte, lte, or, sql, type SQL } from "drizzle-orm";
import { db, type DbOrTx } from "@/db/client";
import { categories, files, products, users } from "@/db/schema";
import type { Principal } from "@/lib/auth/principal";
import { ApiError } from "@/lib/http/problem";
import type { ProductListQuery } from "./schemas";

export type ProductRow = {
  id: number;
  name: string;
  description: string;
  sku: string;
  price: string;
  stockQuantity: number;
  lowStockThreshold: number;
  isActive: boolean;
  isFeatured: boolean;
  sellerId: number;
  sellerEmail: string;
  categorySlug: string | null;
  categoryName: string | null;
  heldByAdmin: boolean;
  imageFileId: number | null;
  /** The image's moderation status: only a released image is shown. */
  imageStatus: string | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
};

const productColumns = {
  id: products.id,
  name: products.name,
  description: products.description,
  sku: products.sku,
  price: products.price,
  stockQuantity: products.stockQuantity,
  lowStockThreshold: products.lowStockThreshold,
  isActive: products.isActive,
  isFeatured: products.isFeatured,
  sellerId: products.sellerId,
  sellerEmail: users.email,
  categorySlug: categories.slug,
  categoryName: categories.name,
  heldByAdmin: products.heldByAdmin,
  imageFileId: products.imageFileId,
  imageStatus: files.status,
  version: products.version,
  createdAt: products.createdAt,
  updatedAt: products.updatedAt,
};

/**
 * What a caller may see: admins everything; sellers their own products in any state plus active ones; everyone
 * else (anonymous included) active products only.
 */
export function productVisibility(principal: Principal | null): SQL | undefined {
  if (principal?.permissions.has("products:manage")) return undefined;
  if (principal?.permissions.has("products:write")) {
    return or(eq(products.isActive, true), eq(products.sellerId, principal.userId));
  }
  return eq(products.isActive, true);
}


const ORDER_COLUMNS = {
  name: products.name,
  price: products.price,
  created_at: products.createdAt,
  stock_quantity: products.stockQuantity,
} as const;

/**
 * Full-text search over name, SKU (weight A) and description (B): every word of the query must match the start of a
 * word in the product (so "head" finds "Headphones"), or the query is exactly a SKU. Words are reduced to letters and
 * digits before they reach to_tsquery, so no query syntax can be injected. Null when there is nothing to search.
 */
export function productSearch(search: string | undefined): { where: SQL; rank: SQL } | null {
  const text = (search ?? "").trim();
  if (!text) return null;
  const words = text.toLowerCase().match(/[\p{L}\p{N}]+/gu)?.slice(0, 10) ?? [];
  if (!words.length) return { where: sql`false`, rank: sql`0` }; // only punctuation: nothing can match it
  const tsquery = sql`to_tsquery('simple', ${words.map((w) => `${w}:*`).join(" & ")})`;
  const sku = (search ?? "").trim().toUpperCase();
  return {
    where: sql`(${products.searchVector} @@ ${tsquery} or ${products.sku} = ${sku})`,
    rank: sql`(ts_rank(${products.searchVector}, ${tsquery}) + case when ${products.sku} = ${sku} then 1 else 0 end)`,
  };
}

function orderBy(terms: string[], rank?: SQL): SQL[] {
  if (!terms.length && rank) return [desc(rank), desc(products.createdAt), desc(products.id)];
  const list = terms.length ? terms : ["-created_at"];
  const out = list.map((t) => {
    const descending = t.startsWith("-");
    const column = ORDER_COLUMNS[(descending ? t.slice(1) : t) as keyof typeof ORDER_COLUMNS];
    return descending ? desc(column) : asc(column);
  });
  out.push(desc(products.id)); // a stable order, so pages never repeat or skip rows
  return out;
}

export async function listProducts(
  principal: Principal | null,
  query: ProductListQuery,
): Promise<{ count: number; rows: ProductRow[] }> {
  const search = productSearch(query.search);
  const where = and(
    productVisibility(principal),
    search?.where,
    // the threshold is the seller's business: the filter only ever covers the caller's own products (all, for admins)
    query.low_stock === undefined
      ? undefined
      : and(
          query.low_stock ? lte(products.stockQuantity, products.lowStockThreshold) : gt(products.stockQuantity, products.lowStockThreshold),
          principal?.permissions.has("products:manage") ? undefined : eq(products.sellerId, principal?.userId ?? 0),
        ),
    query.seller !== undefined ? eq(products.sellerId, query.seller) : undefined,
    query.is_featured !== undefined ? eq(products.isFeatured, query.is_featured) : undefined,
    query.is_active !== undefined ? eq(products.isActive, query.is_active) : undefined,
    query.in_stock === true ? gt(products.stockQuantity, 0) : undefined,
    query.in_stock === false ? eq(products.stockQuantity, 0) : undefined,
    query.min_price !== undefined ? gte(products.price, query.min_price) : undefined,
    query.max_price !== undefined ? lte(products.price, query.max_price) : undefined,
    query.category !== undefined ? eq(categories.slug, query.category) : undefined,
  );
  const database = db();
  const [countRow] = await database
    .select({ count: sql<number>`count(*)::int` })
    .from(products)
    .leftJoin(categories, eq(categories.id, products.categoryId))
    .where(where);
  const count = countRow?.count ?? 0;
  const offset = (query.page - 1) * query.page_size;
  if (offset >= count) return { count, rows: [] };
  const rows = await database
    .select(productColumns)
    .from(products)
    .innerJoin(users, eq(users.id, products.sellerId))
    .leftJoin(categories, eq(categories.id, products.categoryId))
    .leftJoin(files, eq(files.id, products.imageFileId))
    .where(where)
    .orderBy(...orderBy(query.ordering, search?.rank))
    .limit(query.page_size)
    .offset(offset);
  return { count, rows };
}

/** One product the caller may see; 404 otherwise (someone else's inactive product looks missing). */
export async function getProductOrThrow(principal: Principal | null, id: number, database: DbOrTx = db()): Promise<ProductRow> {
  const [row] = await database
    .select(productColumns)
    .from(products)
    .innerJoin(users, eq(users.id, products.sellerId))
    .leftJoin(categories, eq(categories.id, products.categoryId))
    .leftJoin(files, eq(files.id, products.imageFileId))
    .where(and(eq(products.id, id), productVisibility(principal)))
    .limit(1);
  if (!row) throw new ApiError("not_found", "Not found.");
  return row;
}

export async function listFeaturedProducts(limit: number): Promise<ProductRow[]> {
  return db()
    .select(productColumns)
    .from(products)
    .innerJoin(users, eq(users.id, products.sellerId))
    .leftJoin(categories, eq(categories.id, products.categoryId))
    .leftJoin(files, eq(files.id, products.imageFileId))
    .where(and(eq(products.isActive, true), eq(products.isFeatured, true)))
    .orderBy(desc(products.createdAt), desc(products.id))
    .limit(limit);
}

export async function listCategories(): Promise<{ id: number; name: string; slug: string }[]> {
  return db().select().from(categories).orderBy(asc(categories.name));
}
