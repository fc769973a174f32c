"use client";

import { useEffect, useRef, useState, useTransition, type FormEvent } from "react";
import type { FieldErrors } from "@/lib/http/problem";
import { createReviewAction, updateReviewAction, type ReviewActionResult } from "@/lib/reviews/customer-actions";
import { useHydrated } from "./use-hydrated";

/** Mirrors the API's limits (lib/reviews/schemas.ts) so the browser stops typing there; the server still checks. */
const TITLE_MAX = 200;
const COMMENT_MAX = 5000;

export type EditableReview = { id: number; rating: number; title: string; comment: string };

/** Messages that belong to no single field (the duplicate review, an unknown field in a crafted call …). */
function formLevelErrors(errors: FieldErrors | undefined): string[] {
  if (!errors) return [];
  return Object.entries(errors)
    .filter(([key]) => !["rating", "title", "comment"].includes(key))
    .flatMap(([, messages]) => messages);
}

/**
 * Writes a new review or edits the caller's own. Submitted by script (not a native form action) so that what was
 * typed stays in the fields after a refusal; the server's messages appear beside each field and focus moves to the
 * first one in error. Review text is plain text: markup is refused by the server, and nothing here renders HTML.
 */
export function ReviewForm({ productId, review, onSaved, onCancel }: { productId: number; review?: EditableReview; onSaved?: () => void; onCancel?: () => void }) {
  const hydrated = useHydrated();
  const form = useRef<HTMLFormElement>(null);
  const [pending, startTransition] = useTransition();
  const [state, setState] = useState<ReviewActionResult | null>(null);
  const prefix = review ? `review-${review.id}` : "new-review";
  const errors = state && !state.ok ? state.errors : undefined;
  const general = formLevelErrors(errors);

  useEffect(() => {
    // radios cannot carry aria-invalid; the group's error is tied to the fieldset by aria-describedby
    if (state && !state.ok && state.errors) form.current?.querySelector<HTMLElement>('[data-invalid="true"], [aria-invalid="true"]')?.focus();
  }, [state]);

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const data = new FormData(e.currentTarget);
    const rating = data.get("rating");
    const fields = {
      ...(typeof rating === "string" ? { rating: Number(rating) } : {}),
      title: String(data.get("title") ?? ""),
      comment: String(data.get("comment") ?? ""),
    };
    startTransition(async () => {
      const result = review ? await updateReviewAction({ review_id: review.id, ...fields }) : await createReviewAction({ product: productId, ...fields });
      setState(result);
      if (result.ok) onSaved?.();
    });
  }

  const describedBy = (field: string) => `${prefix}-${field}-error`;
  const invalid = (field: string) => Boolean(errors?.[field]?.length) || undefined;
  const inputClass = (field: string) => `mt-1 w-full rounded border px-2 py-1.5 ${invalid(field) ? "border-rose-500" : "border-slate-300"}`;

  return (
    <form ref={form} onSubmit={submit} noValidate aria-label={review ? "Edit your review" : "Write a review"} className="space-y-3">
      <fieldset aria-describedby={describedBy("rating")}>
        <legend className="text-sm font-medium text-slate-800">Rating</legend>
        <div className="mt-1 flex flex-wrap gap-2">
          {[1, 2, 3, 4, 5].map((n) => (
            <label
              key={n}
              className="flex cursor-pointer items-center gap-1.5 rounded border border-slate-300 bg-white px-2 py-1 has-[:checked]:border-amber-500 has-[:checked]:bg-amber-50 has-[:focus-visible]:ring-2 has-[:focus-visible]:ring-brand-600"
            >
              <input type="radio" name="rating" value={n} defaultChecked={review?.rating === n} data-invalid={invalid("rating")} className="accent-amber-500" />
              <span aria-hidden className="text-amber-500">
                {"★".repeat(n)}
              </span>
              <span className="sr-only">
                {n} {n === 1 ? "star" : "stars"}
              </span>
            </label>
          ))}
        </div>
        <p id={describedBy("rating")} className="min-h-5 text-sm text-rose-700">
          {errors?.rating?.join(" ")}
        </p>
      </fieldset>
      <div>
        <label htmlFor={`${prefix}-title`} className="text-sm font-medium text-slate-800">
          Title
        </label>
        <input
          id={`${prefix}-title`}
          name="title"
          type="text"
          maxLength={TITLE_MAX}
          defaultValue={review?.title ?? ""}
          aria-invalid={invalid("title")}
          aria-describedby={describedBy("title")}
          className={inputClass("title")}
        />
        <p id={describedBy("title")} className="min-h-5 text-sm text-rose-700">
          {errors?.title?.join(" ")}
        </p>
      </div>
      <div>
        <label htmlFor={`${prefix}-comment`} className="text-sm font-medium text-slate-800">
          Comment <span className="font-normal text-slate-500">(optional, plain text)</span>
        </label>
        <textarea
          id={`${prefix}-comment`}
          name="comment"
          rows={5}
          maxLength={COMMENT_MAX}
          defaultValue={review?.comment ?? ""}
          aria-invalid={invalid("comment")}
          aria-describedby={describedBy("comment")}
          className={inputClass("comment")}
        />
        <p id={describedBy("comment")} className="min-h-5 text-sm text-rose-700">
          {errors?.comment?.join(" ")}
        </p>
      </div>
      {review && <p className="text-xs text-slate-600">Saving a change sends your review back to moderation before it is shown again.</p>}
      <div className="flex items-center gap-3">
        <button
          type="submit"
          disabled={!hydrated || pending}
          className="rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700 disabled:cursor-not-allowed disabled:opacity-60"
        >
          {review ? "Save review" : "Submit review"}
        </button>
        {onCancel && (
          <button type="button" onClick={onCancel} className="rounded-md border border-slate-300 px-4 py-2 text-sm hover:bg-slate-100">
            Cancel
          </button>
        )}
      </div>
      <div role="status" aria-live="polite" className="min-h-6 text-sm">
        {state && (
          <p data-testid="review-form-status" className={state.ok ? "text-emerald-800" : "text-rose-700"}>
            {general.length ? general.join(" ") : state.detail}
          </p>
        )}
      </div>
    </form>
  );
}
