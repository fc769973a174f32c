"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { idParam } from "@/lib/catalog/schemas";
import { ApiError } from "@/lib/http/problem";
import { actionFailure, runUserAction, type ActionResult } from "@/lib/http/server-action";
import { moderateReview } from "./moderate-review";
import { rejectReviewSchema } from "./schemas";

/**
 * The admin moderation queue's one action, for a single review and for a selection alike. A bulk submission is ONE
 * action against the `reviews.moderate` limit (5 a minute per moderator): the limit is checked once, then each
 * review goes through moderateReview on its own (its own transaction, audit and checks), so one refusal never hides
 * the others and the answer counts both.
 */

/** A page of the queue holds 20; a crafted form may not make one submission do unbounded work. */
const MAX_BULK = 50;

const reviewIds = z
  .array(idParam, { error: "Select at least one review." })
  .min(1, "Select at least one review.")
  .max(MAX_BULK, `Select at most ${MAX_BULK} reviews at a time.`)
  .transform((ids) => [...new Set(ids)]);

const moderationSchema = z.discriminatedUnion(
  "decision",
  [
    z.strictObject({ decision: z.literal("approve"), review_ids: reviewIds }),
    // the reason is shown to the authors: the API's own plain-text rules (required, no HTML, length)
    z.strictObject({ decision: z.literal("reject"), review_ids: reviewIds, reason: rejectReviewSchema.shape.reason }),
  ],
  { error: "Choose approve or reject." },
);

export type ModerationItem = { id: number; ok: boolean; detail: string };
/** The form's state: the overall outcome plus one line per review that could not be changed. */
export type ModerationState = (ActionResult & { items?: ModerationItem[] }) | null;

function formInput(formData: FormData): Record<string, unknown> {
  const decision = formData.get("decision");
  return {
    decision,
    review_ids: formData.getAll("review_id"),
    ...(decision === "reject" ? { reason: formData.get("reason") ?? "" } : {}),
  };
}

const plural = (n: number) => `${n} review${n === 1 ? "" : "s"}`;

function summary(verb: string, done: number, total: number): string {
  if (done === total) return `${verb} ${plural(done)}.`;
  if (done === 0) return total === 1 ? `The review could not be ${verb.toLowerCase()}.` : `None of the ${plural(total)} could be ${verb.toLowerCase()}.`;
  return `${verb} ${done} of ${plural(total)}; ${total - done} could not be changed.`;
}

export async function moderateReviewsAction(_state: ModerationState, formData: FormData): Promise<NonNullable<ModerationState>> {
  return runUserAction(
    { schema: moderationSchema, input: formInput(formData), permission: "reviews:moderate", limits: ["reviews.moderate"], context: "moderate reviews" },
    async ({ principal, input, meta }) => {
      const decision = input.decision === "approve" ? "approved" : "rejected";
      const reason = input.decision === "reject" ? input.reason : null;
      const items: ModerationItem[] = [];
      const products = new Set<number>();
      for (const id of input.review_ids) {
        try {
          const review = await moderateReview(principal, id, decision, reason, meta);
          products.add(review.product);
          items.push({ id, ok: true, detail: `Review #${id} ${decision}.` });
        } catch (error) {
          // a lib refusal keeps its own words ("already approved", "your own review"); anything else is logged
          const detail = error instanceof ApiError ? error.detail : actionFailure(error, "moderate review").detail;
          items.push({ id, ok: false, detail: `Review #${id}: ${detail}` });
        }
      }
      const done = items.filter((i) => i.ok).length;
      if (done) {
        revalidatePath("/admin/reviews");
        for (const product of products) revalidatePath(`/products/${product}`);
      }
      const detail = summary(input.decision === "approve" ? "Approved" : "Rejected", done, items.length);
      const failures = items.filter((i) => !i.ok);
      return failures.length ? { ok: false as const, detail, code: "partial_failure", items: failures } : { ok: true as const, detail };
    },
  );
}
