"use server";

import { refresh } from "next/cache";
import { z } from "zod";
import { ApiError } from "@/lib/http/problem";
import { runUserAction, type ActionFailure } from "@/lib/http/server-action";
import { createReview } from "./create-review";
import { deleteReview } from "./delete-review";
import { markHelpful, unmarkHelpful } from "./helpful-vote";
import { getReviewOrThrow } from "./queries";
import { createReviewSchema, putReviewSchema } from "./schemas";
import { updateReview } from "./update-review";
import { reviewViewer } from "./viewer";

/**
 * The product page's review actions: the same lib calls, permission and named rate limits as the API's
 * POST/PUT/DELETE /api/reviews/ and mark_helpful. Inputs are plain objects parsed with the API's strict schemas, so a
 * crafted call can no more set is_verified_purchase or a status here than through the API.
 */

export type ReviewActionResult = { ok: true; detail: string } | ActionFailure;
export type VoteActionResult = { ok: true; detail: string; helpful_count: number; has_voted: boolean } | ActionFailure;

const reviewId = z
  .number({ error: "review_id must be a numeric id" })
  .int("review_id must be a numeric id")
  .positive("review_id must be a numeric id")
  .max(Number.MAX_SAFE_INTEGER, "review_id must be a numeric id");

const updateInput = z.strictObject({ review_id: reviewId, ...putReviewSchema.shape });
const reviewRef = z.strictObject({ review_id: reviewId });
const voteInput = z.strictObject({ review_id: reviewId, helpful: z.boolean({ error: "helpful must be true or false" }) });

export async function createReviewAction(input: unknown): Promise<ReviewActionResult> {
  return runUserAction(
    { schema: createReviewSchema, input, permission: "reviews:write", limits: ["reviews.create.user", "reviews.create.ip"], context: "create review" },
    async ({ principal, input, meta }) => {
      await createReview(principal, input, meta);
      refresh();
      return { ok: true as const, detail: "Thank you! Your review is waiting for moderation." };
    },
  );
}

export async function updateReviewAction(input: unknown): Promise<ReviewActionResult> {
  return runUserAction(
    { schema: updateInput, input, permission: "reviews:write", limits: ["reviews.update"], context: "update review" },
    async ({ principal, input: { review_id, ...changes }, meta }) => {
      // updateReview refuses anyone but the author (403), moderators included
      const review = await updateReview(principal, review_id, changes, meta);
      refresh();
      const detail = review.status === "pending" ? "Your review was saved and is waiting for moderation." : "Nothing changed.";
      return { ok: true as const, detail };
    },
  );
}

/** Deletes the caller's own review; a moderator removes other people's reviews from the admin queue, not here. */
export async function deleteReviewAction(input: unknown): Promise<ReviewActionResult> {
  return runUserAction(
    { schema: reviewRef, input, permission: "reviews:write", limits: ["reviews.delete"], context: "delete review" },
    async ({ principal, input, meta }) => {
      const review = await getReviewOrThrow(reviewViewer(principal), input.review_id);
      if (review.customerId !== principal.userId) throw new ApiError("forbidden", "You can only delete your own reviews.");
      await deleteReview(principal, input.review_id, meta);
      refresh();
      return { ok: true as const, detail: "Your review was deleted." };
    },
  );
}

/** The "Helpful" toggle: one vote per user and review (the vote row's key decides), taken back by pressing again. */
export async function voteHelpfulAction(input: unknown): Promise<VoteActionResult> {
  return runUserAction(
    { schema: voteInput, input, permission: "reviews:write", limits: ["reviews.vote"], context: "vote on review" },
    async ({ principal, input, meta }) => {
      const result = input.helpful ? await markHelpful(principal, input.review_id, meta) : await unmarkHelpful(principal, input.review_id, meta);
      return { ok: true as const, ...result };
    },
  );
}
