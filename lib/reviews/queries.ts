import { and, asc, desc, eq, ne, or, sql, type SQL } from "drizzle-orm";
import { db, type DbOrTx } from "@/db/client";
import { orderItems, orders, products, reviews, reviewVotes, users } from "@/db/schema";
import { ApiError } from "@/lib/http/problem";
import type { ReviewListQuery, ReviewOrdering } from "./schemas";
import type { ReviewViewer } from "./viewer";

/**
 * Verified purchase is decided at read time, never stored: the author has a DELIVERED order holding the product.
 * A later refund (DELIVERED → REFUNDED) therefore clears the badge by itself.
 */
const verifiedPurchase = sql<boolean>`exists (select 1 from ${orderItems} inner join ${orders} on ${orders.id} = ${orderItems.orderId} where ${orders.customerId} = ${reviews.customerId} and ${orderItems.productId} = ${reviews.productId} and ${orders.status} = 'DELIVERED')`;

function hasVoted(viewer: ReviewViewer): SQL<boolean> {
  if (viewer.userId === null) return sql<boolean>`false`;
  return sql<boolean>`exists (select 1 from ${reviewVotes} where ${reviewVotes.reviewId} = ${reviews.id} and ${reviewVotes.userId} = ${viewer.userId})`;
}

function reviewColumns(viewer: ReviewViewer) {
  return {
    id: reviews.id,
    customerId: reviews.customerId,
    productId: reviews.productId,
    rating: reviews.rating,
    title: reviews.title,
    comment: reviews.comment,
    status: reviews.status,
    rejectionReason: reviews.rejectionReason,
    moderatedAt: reviews.moderatedAt,
    helpfulCount: reviews.helpfulCount,
    createdAt: reviews.createdAt,
    updatedAt: reviews.updatedAt,
    productName: products.name,
    productSku: products.sku,
    customerEmail: users.email,
    customerUsername: users.username,
    customerFirstName: users.firstName,
    customerLastName: users.lastName,
    isVerifiedPurchase: verifiedPurchase,
    hasVoted: hasVoted(viewer),
  };
}

export type ReviewRow = {
  id: number;
  customerId: number;
  productId: number;
  rating: number;
  title: string;
  comment: string;
  status: string;
  rejectionReason: string | null;
  moderatedAt: Date | null;
  helpfulCount: number;
  createdAt: Date;
  updatedAt: Date;
  productName: string;
  productSku: string;
  customerEmail: string;
  customerUsername: string;
  customerFirstName: string;
  customerLastName: string;
  isVerifiedPurchase: boolean;
  hasVoted: boolean;
};

/** Anonymous: approved only; signed in: approved plus their own in any state; moderators: everything. */
export function reviewVisibility(viewer: ReviewViewer): SQL | undefined {
  if (viewer.moderator) return undefined;
  const approved = eq(reviews.status, "approved");
  return viewer.userId === null ? approved : or(approved, eq(reviews.customerId, viewer.userId));
}

const ORDER_COLUMNS = { created_at: reviews.createdAt, helpful_count: reviews.helpfulCount, rating: reviews.rating } as const;

function orderBy(ordering: ReviewOrdering[]): SQL[] {
  const terms = ordering.length ? ordering : [{ field: "created_at", desc: true } as const];
  return [...terms.map((t) => (t.desc ? desc(ORDER_COLUMNS[t.field]) : asc(ORDER_COLUMNS[t.field]))), desc(reviews.id)];
}

async function page(viewer: ReviewViewer, where: SQL | undefined, order: SQL[], pageNo: number, pageSize: number): Promise<{ count: number; rows: ReviewRow[] }> {
  const database = db();
  const [countRow] = await database.select({ count: sql<number>`count(*)::int` }).from(reviews).where(where);
  const count = countRow?.count ?? 0;
  const offset = (pageNo - 1) * pageSize;
  if (offset >= count) return { count, rows: [] };
  const rows = await database
    .select(reviewColumns(viewer))
    .from(reviews)
    .innerJoin(products, eq(products.id, reviews.productId))
    .innerJoin(users, eq(users.id, reviews.customerId))
    .where(where)
    .orderBy(...order)
    .limit(pageSize)
    .offset(offset);
  return { count, rows };
}

/** GET /api/reviews/: the reviews the viewer may see, filtered as the original (plus `status`). */
export function listReviews(viewer: ReviewViewer, query: ReviewListQuery): Promise<{ count: number; rows: ReviewRow[] }> {
  const where = and(
    reviewVisibility(viewer),
    query.product !== undefined ? eq(reviews.productId, query.product) : undefined,
    query.customer !== undefined ? eq(reviews.customerId, query.customer) : undefined,
    query.rating !== undefined ? eq(reviews.rating, query.rating) : undefined,
    query.is_approved === undefined ? undefined : query.is_approved ? eq(reviews.status, "approved") : ne(reviews.status, "approved"),
    query.status ? eq(reviews.status, query.status) : undefined,
  );
  return page(viewer, where, orderBy(query.ordering), query.page, query.page_size);
}

/**
 * A product page's reviews: approved ones plus the viewer's own (whatever its state, so an author sees theirs
 * pending or rejected), the viewer's own first. Moderators get the same view here; the queue is elsewhere.
 */
export function listProductReviews(viewer: ReviewViewer, productId: number, pageNo = 1, pageSize = 20): Promise<{ count: number; rows: ReviewRow[] }> {
  const approved = eq(reviews.status, "approved");
  const mine = viewer.userId === null ? undefined : eq(reviews.customerId, viewer.userId);
  const order = mine ? [sql`(${reviews.customerId} = ${viewer.userId}) desc`, ...orderBy([])] : orderBy([]);
  return page(viewer, and(eq(reviews.productId, productId), or(approved, mine)), order, pageNo, pageSize);
}

/** One review the viewer may see, or 404: someone else's unapproved review is indistinguishable from a missing one. */
export async function getReviewOrThrow(viewer: ReviewViewer, id: number, database: DbOrTx = db()): Promise<ReviewRow> {
  const [row] = await database
    .select(reviewColumns(viewer))
    .from(reviews)
    .innerJoin(products, eq(products.id, reviews.productId))
    .innerJoin(users, eq(users.id, reviews.customerId))
    .where(and(eq(reviews.id, id), reviewVisibility(viewer)))
    .limit(1);
  if (!row) throw new ApiError("not_found", "Not found.");
  return row;
}

/** The bare review row, locked until the transaction ends (edits and moderation serialise on it), or 404. */
export async function lockReviewOrThrow(tx: DbOrTx, viewer: ReviewViewer, id: number): Promise<typeof reviews.$inferSelect> {
  const [row] = await tx.select().from(reviews).where(and(eq(reviews.id, id), reviewVisibility(viewer))).limit(1).for("update");
  if (!row) throw new ApiError("not_found", "Not found.");
  return row;
}

/** Average rating (one decimal, as a string) and count over approved reviews only; null average when none. */
export async function productRatingSummary(productId: number, database: DbOrTx = db()): Promise<{ average_rating: string | null; review_count: number }> {
  const [row] = await database
    .select({
      average: sql<string | null>`round(avg(${reviews.rating}), 1)::text`,
      count: sql<number>`count(*)::int`,
    })
    .from(reviews)
    .where(and(eq(reviews.productId, productId), eq(reviews.status, "approved")));
  return { average_rating: row?.average ?? null, review_count: row?.count ?? 0 };
}
