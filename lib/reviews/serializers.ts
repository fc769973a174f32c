import { z } from "zod";
import { isoTimestamp } from "@/lib/openapi/doc";
import type { ReviewRow } from "./queries";
import { REVIEW_STATUSES, type ReviewStatus } from "./schemas";
import { seesPrivateFields, type ReviewViewer } from "./viewer";

const authorAndModerators = "The author and moderators only";

/** The response body of a review, as documented in the OpenAPI document; serializeReview is typed against it. */
export const reviewSchema = z.object({
  id: z.number().int(),
  customer: z.number().int().describe("The author's user id"),
  customer_name: z.string().describe('"Jane D." (first name and last initial), else the username; never the e-mail'),
  customer_email: z.string().optional().describe(authorAndModerators),
  product: z.number().int(),
  product_name: z.string(),
  product_sku: z.string(),
  rating: z.number().int().min(1).max(5),
  title: z.string(),
  comment: z.string(),
  status: z.enum(REVIEW_STATUSES).describe("pending until a moderator decides; any edit sends it back to pending"),
  is_approved: z.boolean(),
  rejection_reason: z.string().nullable().optional().describe(`${authorAndModerators}: the moderator's reason, null unless rejected`),
  moderated_at: isoTimestamp.nullable(),
  is_verified_purchase: z.boolean().describe("The author has a delivered order holding the product"),
  helpful_count: z.number().int().min(0),
  has_voted: z.boolean().describe("Whether the caller marked it helpful (false when anonymous)"),
  created_at: isoTimestamp,
  updated_at: isoTimestamp,
});

export type SerializedReview = z.input<typeof reviewSchema>;

/** POST /api/reviews/{id}/approve/ and /reject/: an acknowledgement and the review as it now is. */
export const reviewModeratedSchema = z.object({ detail: z.string(), review: reviewSchema });

/** POST and DELETE /api/reviews/{id}/mark_helpful/. */
export const helpfulVoteSchema = z.object({
  detail: z.string(),
  helpful_count: z.number().int().min(0),
  has_voted: z.boolean(),
});

/** "Jane D." from first and last name; the username when no first name is on file (never the e-mail). */
export function customerDisplayName(c: { firstName: string; lastName: string; username: string }): string {
  const first = c.firstName.trim();
  if (!first) return c.username;
  const initial = c.lastName.trim().charAt(0).toUpperCase();
  return initial ? `${first} ${initial}.` : first;
}

/**
 * The original's ReviewSerializer fields, plus status, moderation time, a display name and the caller's vote.
 * The author's e-mail and the rejection reason go only to the author and moderators (the original showed the
 * e-mail to everyone). Fields are listed, never spread.
 */
export function serializeReview(r: ReviewRow, viewer: ReviewViewer): SerializedReview {
  const privateSide = seesPrivateFields(viewer, r);
  return {
    id: r.id,
    customer: r.customerId,
    customer_name: customerDisplayName({ firstName: r.customerFirstName, lastName: r.customerLastName, username: r.customerUsername }),
    ...(privateSide ? { customer_email: r.customerEmail } : {}),
    product: r.productId,
    product_name: r.productName,
    product_sku: r.productSku,
    rating: r.rating,
    title: r.title,
    comment: r.comment,
    // the reviews_status check constraint holds the column to these values
    status: r.status as ReviewStatus,
    is_approved: r.status === "approved",
    ...(privateSide ? { rejection_reason: r.rejectionReason } : {}),
    moderated_at: r.moderatedAt ? r.moderatedAt.toISOString() : null,
    is_verified_purchase: r.isVerifiedPurchase,
    helpful_count: r.helpfulCount,
    has_voted: r.hasVoted,
    created_at: r.createdAt.toISOString(),
    updated_at: r.updatedAt.toISOString(),
  };
}
