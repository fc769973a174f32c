"use client";

import { useState, useTransition } from "react";
import { voteHelpfulAction } from "@/lib/reviews/customer-actions";
import { useHydrated } from "./use-hydrated";

/**
 * "Helpful (n)": a toggle (aria-pressed) for a signed-in reader who did not write the review. One vote per reader;
 * pressing again takes it back. The count shown is the server's answer, never a local guess.
 */
export function HelpfulButton({ reviewId, count, voted }: { reviewId: number; count: number; voted: boolean }) {
  const hydrated = useHydrated();
  const [pending, startTransition] = useTransition();
  const [state, setState] = useState({ count, voted });
  const [error, setError] = useState<string | null>(null);
  const statusId = `helpful-status-${reviewId}`;

  function toggle() {
    startTransition(async () => {
      const result = await voteHelpfulAction({ review_id: reviewId, helpful: !state.voted });
      if (result.ok) {
        setState({ count: result.helpful_count, voted: result.has_voted });
        setError(null);
      } else {
        setError(result.detail);
      }
    });
  }

  return (
    <div className="flex items-center gap-2">
      <button
        type="button"
        onClick={toggle}
        aria-pressed={state.voted}
        aria-describedby={statusId}
        disabled={!hydrated || pending}
        className={`rounded-full border px-3 py-1 text-xs font-medium disabled:cursor-not-allowed disabled:opacity-60 ${
          state.voted ? "border-brand-600 bg-brand-50 text-brand-700" : "border-slate-300 bg-white text-slate-700 hover:bg-slate-100"
        }`}
      >
        Helpful ({state.count})
      </button>
      <span id={statusId} role="status" aria-live="polite" className="text-xs text-rose-700">
        {error}
      </span>
    </div>
  );
}
