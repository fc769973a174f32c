"use client";

import { useState, useTransition, type ReactNode } from "react";
import { deleteReviewAction } from "@/lib/reviews/customer-actions";
import { ReviewForm, type EditableReview } from "./review-form";
import { useHydrated } from "./use-hydrated";

/**
 * The signed-in author's own review (rendered on the server, passed as children) with Edit and Delete. Delete asks
 * once more before it acts; after either, the server refreshes the page.
 */
export function OwnReview({ productId, review, children }: { productId: number; review: EditableReview; children: ReactNode }) {
  const hydrated = useHydrated();
  const [editing, setEditing] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);

  if (editing) {
    return <ReviewForm productId={productId} review={review} onSaved={() => setEditing(false)} onCancel={() => setEditing(false)} />;
  }

  function remove() {
    startTransition(async () => {
      const result = await deleteReviewAction({ review_id: review.id });
      if (!result.ok) {
        setError(result.detail);
        setConfirming(false);
      }
    });
  }

  const button = "rounded-md border px-3 py-1.5 text-sm disabled:cursor-not-allowed disabled:opacity-60";
  return (
    <div>
      {children}
      <div className="mt-3 flex flex-wrap items-center gap-2">
        {confirming ? (
          <>
            <span className="text-sm text-slate-700">Delete your review for good?</span>
            <button type="button" onClick={remove} disabled={!hydrated || pending} className={`${button} border-rose-300 bg-rose-600 text-white hover:bg-rose-700`}>
              Yes, delete it
            </button>
            <button type="button" onClick={() => setConfirming(false)} disabled={pending} className={`${button} border-slate-300 hover:bg-slate-100`}>
              Keep it
            </button>
          </>
        ) : (
          <>
            <button type="button" onClick={() => setEditing(true)} disabled={!hydrated} className={`${button} border-slate-300 hover:bg-slate-100`}>
              Edit
            </button>
            <button type="button" onClick={() => setConfirming(true)} disabled={!hydrated} className={`${button} border-rose-300 text-rose-700 hover:bg-rose-50`}>
              Delete
            </button>
          </>
        )}
      </div>
      <p role="status" aria-live="polite" className="min-h-5 text-sm text-rose-700">
        {error}
      </p>
    </div>
  );
}
