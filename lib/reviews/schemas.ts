import { z } from "zod";
import { paginationQuery } from "@/lib/http/pagination";
import { boolParam } from "@/lib/http/query-params";
import { plainTextSchema } from "@/lib/http/plain-text";

export const REVIEW_STATUSES = ["pending", "approved", "rejected"] as const;
export type ReviewStatus = (typeof REVIEW_STATUSES)[number];

export const TITLE_MAX = 200;
export const COMMENT_MAX = 5000;
export const REASON_MAX = 500;

const plainText = plainTextSchema;

/** A JSON integer 1–5 (never "5" or 4.5). */
const ratingSchema = z
  .number({ error: "rating must be a whole number from 1 to 5" })
  .int("rating must be a whole number from 1 to 5")
  .min(1, "Rating must be at least 1")
  .max(5, "Rating cannot exceed 5");

const titleSchema = plainText("title", { min: 1, max: TITLE_MAX, oneLine: true });
const commentSchema = plainText("comment", { min: 0, max: COMMENT_MAX });

/**
 * Fields a client might try to set that only the server decides (the original let owners PATCH
 * is_verified_purchase): refused with a message saying so, rather than the generic "Unknown field.".
 */
const serverOwned = (message: string) => z.never({ error: message }).optional();
const SERVER_OWNED = {
  customer: serverOwned("customer is always the signed-in user and cannot be set."),
  is_verified_purchase: serverOwned("is_verified_purchase is computed by the server and cannot be set."),
  is_approved: serverOwned("is_approved is set by moderation and cannot be set."),
  status: serverOwned("status is set by moderation and cannot be set."),
  helpful_count: serverOwned("helpful_count is counted by the server and cannot be set."),
};

/** POST /api/reviews/ body. */
export const createReviewSchema = z.strictObject({
  product: z
    .number({ error: "product must be a numeric product id" })
    .int("product must be a numeric product id")
    .positive("product must be a numeric product id")
    .max(Number.MAX_SAFE_INTEGER, "product must be a numeric product id"),
  rating: ratingSchema,
  title: titleSchema,
  comment: commentSchema.default(""),
  ...SERVER_OWNED,
});
export type CreateReviewInput = z.output<typeof createReviewSchema>;

const fixedProduct = { product: serverOwned("A review cannot move to another product; delete it and review the other product.") };

/** PATCH /api/reviews/{id}/: any of rating, title, comment. */
export const patchReviewSchema = z
  .strictObject({ rating: ratingSchema.optional(), title: titleSchema.optional(), comment: commentSchema.optional(), ...SERVER_OWNED, ...fixedProduct })
  .refine((v) => v.rating !== undefined || v.title !== undefined || v.comment !== undefined, {
    error: "Send at least one of rating, title, comment",
  });
export type UpdateReviewInput = { rating?: number; title?: string; comment?: string };

/** PUT /api/reviews/{id}/: the whole editable content (rating and title required, as the original's serializer). */
export const putReviewSchema = z.strictObject({ rating: ratingSchema, title: titleSchema, comment: commentSchema.optional(), ...SERVER_OWNED, ...fixedProduct });

/** POST /api/reviews/{id}/reject/ body: the reason is shown to the author, so it is plain text too. */
export const rejectReviewSchema = z.strictObject({ reason: plainText("reason", { min: 1, max: REASON_MAX }) });
export const approveReviewSchema = z.strictObject({});

export const reviewIdParams = z.strictObject({ id: z.string().regex(/^\d{1,15}$/, "must be a numeric id").transform(Number) });

const idParam = z.coerce
  .number<string>({ error: "must be a numeric id" })
  .int("must be a numeric id")
  .positive("must be a numeric id")
  .max(Number.MAX_SAFE_INTEGER, "must be a numeric id");

export const REVIEW_ORDERING_FIELDS = ["created_at", "helpful_count", "rating"] as const;
export type ReviewOrdering = { field: (typeof REVIEW_ORDERING_FIELDS)[number]; desc: boolean };
const ORDERING_HINT = `use ${REVIEW_ORDERING_FIELDS.join(", ")} (prefix - for descending)`;

export const reviewListQuery = z.strictObject({
  ...paginationQuery,
  product: idParam.optional(),
  customer: idParam.optional(),
  rating: z.coerce.number<string>({ error: "must be 1 to 5" }).int("must be 1 to 5").min(1, "must be 1 to 5").max(5, "must be 1 to 5").optional(),
  is_approved: boolParam.optional(),
  status: z.enum(REVIEW_STATUSES, { error: `must be one of ${REVIEW_STATUSES.join(", ")}` }).optional(),
  ordering: z
    .string()
    .optional()
    .transform((v, ctx): ReviewOrdering[] => {
      const terms = (v ?? "").split(",").map((t) => t.trim()).filter(Boolean);
      const out: ReviewOrdering[] = [];
      for (const t of terms) {
        const field = t.replace(/^-/, "");
        if (!(REVIEW_ORDERING_FIELDS as readonly string[]).includes(field)) {
          ctx.addIssue({ code: "custom", message: `unknown ordering '${t}': ${ORDERING_HINT}` });
          return z.NEVER;
        }
        out.push({ field: field as ReviewOrdering["field"], desc: t.startsWith("-") });
      }
      return out;
    }),
});
export type ReviewListQuery = z.output<typeof reviewListQuery>;
