import { eq } from "drizzle-orm";
import { db } from "@/db/client";
import { isUniqueViolation } from "@/db/errors";
import { products, reviews } from "@/db/schema";
import { audit } from "@/lib/audit/write";
import type { Principal } from "@/lib/auth/principal";
import { ApiError, validationError } from "@/lib/http/problem";
import type { RequestMeta } from "@/lib/security/request-meta";
import { getReviewOrThrow } from "./queries";
import type { CreateReviewInput } from "./schemas";
import { serializeReview, type SerializedReview } from "./serializers";
import { reviewViewer } from "./viewer";

const DUPLICATE = "You have already reviewed this product. Edit your existing review instead.";

/**
 * The caller reviews an active product; the review starts pending. One per customer and product is the database's
 * rule (reviews_customer_product_uq): two racing requests both pass any pre-check, so the violation itself is the
 * answer, a 409 — never a 500 or the driver's text (the original returned the raw IntegrityError).
 */
export async function createReview(principal: Principal, input: CreateReviewInput, meta: RequestMeta): Promise<SerializedReview> {
  const viewer = reviewViewer(principal);
  try {
    return await db().transaction(async (tx) => {
      const [product] = await tx.select({ isActive: products.isActive, sellerId: products.sellerId }).from(products).where(eq(products.id, input.product));
      if (!product) throw validationError({ product: [`Product ${input.product} does not exist.`] });
      if (product.sellerId === principal.userId) throw new ApiError("forbidden", "You cannot review your own product.");
      if (!product.isActive) throw validationError({ product: ["Cannot review inactive products."] }, "Cannot review inactive products.");
      const [row] = await tx
        .insert(reviews)
        .values({ customerId: principal.userId, productId: input.product, rating: input.rating, title: input.title, comment: input.comment })
        .returning({ id: reviews.id });
      const review = await getReviewOrThrow(viewer, row!.id, tx);
      await audit(
        { action: "REVIEW_CREATE", targetType: "REVIEW", targetId: row!.id, result: "SUCCESS", actorUserId: principal.userId, meta, metadata: { product_id: input.product, rating: input.rating, is_verified_purchase: review.isVerifiedPurchase } },
        tx,
      );
      return serializeReview(review, viewer);
    });
  } catch (error) {
    if (isUniqueViolation(error, "reviews_customer_product_uq")) {
      throw new ApiError("conflict", DUPLICATE, { errors: { product: [DUPLICATE] } });
    }
    throw error;
  }
}
