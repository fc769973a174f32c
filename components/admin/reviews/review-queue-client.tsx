"use client";

import { useActionState, useRef, useState } from "react";
import { moderateReviewsAction, type ModerationState } from "@/lib/reviews/actions";
import type { SerializedReview } from "@/lib/reviews/serializers";
import { BULK_FORM_ID, ReviewRow } from "./review-row";

type Dispatch = (formData: FormData) => void;

/**
 * The queue: one action state for every button (a row's approve/reject and the bulk ones), so the outcome stays on
 * screen after the row it concerned has left the list. The row checkboxes belong to the bulk form through their
 * `form` attribute; the browser checks what it can (a selection, a reason) before a submission spends one of the
 * moderator's few actions a minute.
 */
export function ReviewQueue({ reviews, viewerId }: { reviews: SerializedReview[]; viewerId: number }) {
  const [state, action, pending] = useActionState<ModerationState, FormData>(moderateReviewsAction, null);
  const [selected, setSelected] = useState<ReadonlySet<number>>(new Set());
  const [hint, setHint] = useState<string | null>(null);
  const reason = useRef<HTMLTextAreaElement>(null);
  const selectable = reviews.filter((r) => r.customer !== viewerId).map((r) => r.id);
  // a review that left the list (moderated, another page) is no longer selected
  const chosen = selectable.filter((id) => selected.has(id));
  const allChosen = selectable.length > 0 && chosen.length === selectable.length;

  const toggle = (id: number, on: boolean) =>
    setSelected((prev) => {
      const next = new Set(prev);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });

  const dispatch: Dispatch = (formData) => {
    setHint(null);
    action(formData);
  };
  const bulkDispatch: Dispatch = (formData) => {
    setSelected(new Set());
    dispatch(formData);
  };

  if (!reviews.length) {
    return (
      <>
        <Outcome state={state} hint={hint} />
        <p className="mt-3 text-slate-600">No reviews match.</p>
      </>
    );
  }

  return (
    <div className="mt-3">
      <Outcome state={state} hint={hint} />
      <form
        id={BULK_FORM_ID}
        action={bulkDispatch}
        aria-label="Moderate the selected reviews"
        onSubmit={(event) => {
          const submitter = (event.nativeEvent as SubmitEvent).submitter;
          const decision = submitter instanceof HTMLButtonElement ? submitter.value : "";
          if (!chosen.length) {
            event.preventDefault();
            setHint("Select at least one review first.");
          } else if (decision === "reject" && !reason.current?.value.trim()) {
            event.preventDefault();
            setHint("Give a reason to reject the selected reviews: their authors will see it.");
            reason.current?.focus();
          }
        }}
        className="flex flex-wrap items-end gap-3 rounded-lg border border-slate-200 bg-white p-4"
      >
        <label className="flex items-center gap-2 self-center text-sm">
          <input
            type="checkbox"
            checked={allChosen}
            disabled={!selectable.length}
            onChange={(e) => setSelected(e.target.checked ? new Set(selectable) : new Set())}
            className="size-4"
          />
          Select all on this page
        </label>
        <span className="self-center text-sm text-slate-600 tabular-nums" aria-live="polite">
          {chosen.length} selected
        </span>
        <label className="flex min-w-64 flex-1 flex-col text-sm">
          Reason for rejecting the selected (shown to the authors)
          <textarea ref={reason} name="reason" rows={2} maxLength={500} className="mt-1 rounded border border-slate-300 px-2 py-1.5" />
        </label>
        <div className="flex gap-2">
          <button type="submit" name="decision" value="approve" disabled={pending} className="rounded-md bg-brand-600 px-3 py-2 text-sm font-medium text-white hover:bg-brand-700 disabled:opacity-60">
            Approve selected
          </button>
          <button type="submit" name="decision" value="reject" disabled={pending} className="rounded-md bg-rose-700 px-3 py-2 text-sm font-medium text-white hover:bg-rose-800 disabled:opacity-60">
            Reject selected
          </button>
        </div>
      </form>
      <div className="mt-3 overflow-x-auto rounded-lg border border-slate-200 bg-white">
        <table className="w-full text-left text-sm">
          <caption className="sr-only">Reviews to moderate</caption>
          <thead className="border-b border-slate-200 text-xs uppercase text-slate-500">
            <tr>
              <th scope="col" className="px-3 py-2">
                <span className="sr-only">Select</span>
              </th>
              <th scope="col" className="px-3 py-2">Review</th>
              <th scope="col" className="px-3 py-2">Product</th>
              <th scope="col" className="px-3 py-2">Author</th>
              <th scope="col" className="px-3 py-2">Status</th>
              <th scope="col" className="px-3 py-2">Actions</th>
            </tr>
          </thead>
          <tbody>
            {reviews.map((r) => (
              <ReviewRow
                key={r.id}
                review={r}
                own={r.customer === viewerId}
                checked={selected.has(r.id)}
                onToggle={(on) => toggle(r.id, on)}
                action={dispatch}
                pending={pending}
              />
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

/** The outcome of the last submission (counts, and each review that could not be changed), read out politely. */
function Outcome({ state, hint }: { state: ModerationState; hint: string | null }) {
  const tone = hint || state?.ok === false ? "border-rose-200 bg-rose-50 text-rose-900" : "border-emerald-200 bg-emerald-50 text-emerald-900";
  const text = hint ?? state?.detail;
  return (
    <div role="status" aria-live="polite" className="mb-3 min-h-11">
      {text ? (
        <div className={`rounded border px-3 py-2 text-sm ${tone}`}>
          <p>{text}</p>
          {!hint && state && !state.ok && state.errors ? (
            <ul className="mt-1 list-disc pl-5">
              {Object.entries(state.errors).flatMap(([field, messages]) => messages.map((m) => <li key={`${field}:${m}`}>{m}</li>))}
            </ul>
          ) : null}
          {!hint && state?.items?.length ? (
            <ul className="mt-1 list-disc pl-5">
              {state.items.map((i) => (
                <li key={i.id}>{i.detail}</li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
