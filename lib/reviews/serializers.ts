import type { ReviewRow } from "./queries";
import { seesPrivateFields, type ReviewViewer } from "./viewer";

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
export function serializeReview(r: ReviewRow, viewer: ReviewViewer) {
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
    status: r.status,
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

export type SerializedReview = ReturnType<typeof serializeReview>;
