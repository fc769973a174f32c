import "server-only";
import { and, eq, inArray, sql } from "drizzle-orm";
import { db } from "@/db/client";
import { reviews } from "@/db/schema";

export type RatingSummary = { average_rating: string | null; review_count: number };

/**
 * The approved-review average and count of every product on a page of cards, in ONE grouped query (one query per
 * card would be the N+1 the cards must not cost). Same rounding as productRatingSummary: one decimal, as a string.
 * Products without approved reviews are simply absent from the map.
 */
export async function ratingSummaries(productIds: number[]): Promise<Map<number, RatingSummary>> {
  const ids = [...new Set(productIds)];
  if (!ids.length) return new Map();
  const rows = await db()
    .select({
      productId: reviews.productId,
      average: sql<string>`round(avg(${reviews.rating}), 1)::text`,
      count: sql<number>`count(*)::int`,
    })
    .from(reviews)
    .where(and(inArray(reviews.productId, ids), eq(reviews.status, "approved")))
    .groupBy(reviews.productId);
  return new Map(rows.map((r) => [r.productId, { average_rating: r.average, review_count: r.count }]));
}
