import Link from "next/link";
import { Badge } from "@/components/admin/users/badges";
import { formatDateTime } from "@/components/admin/users/format";
import type { SerializedReview } from "@/lib/reviews/serializers";

/** The bulk form the row checkboxes belong to (through their `form` attribute). */
export const BULK_FORM_ID = "bulk-moderation";

const STATUS_TONE = { pending: "amber", approved: "green", rejected: "red" } as const;

const button = "rounded-md px-2 py-1 text-xs font-medium disabled:opacity-60";

/** "★★★★☆" for the eye, "4 out of 5" for a screen reader. */
function Stars({ rating }: { rating: number }) {
  return (
    <span className="text-amber-600">
      <span aria-hidden="true">{"★".repeat(rating) + "☆".repeat(5 - rating)}</span>
      <span className="sr-only">{rating} out of 5</span>
    </span>
  );
}

/**
 * One review of the queue. Everything the author wrote is rendered as text (React escapes it; newlines kept).
 * The moves offered follow the moderation table: a pending review is approved or rejected, an approved one can be
 * taken down, a rejected one approved. A moderator's own review is left to someone else.
 */
export function ReviewRow({
  review: r,
  own,
  checked,
  onToggle,
  action,
  pending,
}: {
  review: SerializedReview;
  own: boolean;
  checked: boolean;
  onToggle: (on: boolean) => void;
  action: (formData: FormData) => void;
  pending: boolean;
}) {
  const status = r.status as keyof typeof STATUS_TONE;
  const label = `review #${r.id} “${r.title}”`;
  return (
    <tr className="border-b border-slate-100 align-top" data-review-id={r.id}>
      <td className="px-3 py-2">
        <input
          type="checkbox"
          form={BULK_FORM_ID}
          name="review_id"
          value={r.id}
          checked={checked}
          disabled={own}
          onChange={(e) => onToggle(e.target.checked)}
          aria-label={`Select ${label}`}
          className="size-4"
        />
      </td>
      <td className="max-w-md px-3 py-2">
        <p className="flex flex-wrap items-center gap-2">
          <Stars rating={r.rating} />
          <span className="font-semibold break-words">{r.title}</span>
        </p>
        {r.comment ? <p className="mt-1 whitespace-pre-line break-words text-slate-700">{r.comment}</p> : <p className="mt-1 text-slate-400">No comment.</p>}
        <p className="mt-1 text-xs text-slate-500">
          #{r.id} · <time dateTime={r.created_at}>{formatDateTime(r.created_at)}</time>
          {r.updated_at !== r.created_at ? <> · edited {formatDateTime(r.updated_at)}</> : null}
        </p>
      </td>
      <td className="px-3 py-2">
        <Link href={`/products/${r.product}`} className="text-brand-700 underline">
          {r.product_name}
        </Link>
        <span className="block font-mono text-xs text-slate-500">{r.product_sku}</span>
      </td>
      <td className="px-3 py-2">
        <span className="block">{r.customer_name}</span>
        {"customer_email" in r ? <span className="block break-all text-xs text-slate-500">{r.customer_email}</span> : null}
        {r.is_verified_purchase ? (
          <Badge tone="green" title="The author has a delivered order with this product">
            Verified purchase
          </Badge>
        ) : (
          <span className="text-xs text-slate-500">Not a verified purchase</span>
        )}
      </td>
      <td className="px-3 py-2">
        <Badge tone={STATUS_TONE[status] ?? "slate"}>{r.status}</Badge>
        {r.status === "rejected" && "rejection_reason" in r && r.rejection_reason ? (
          <p className="mt-1 max-w-48 break-words text-xs text-slate-600">Reason: {r.rejection_reason}</p>
        ) : null}
      </td>
      <td className="px-3 py-2">
        {own ? (
          <span className="text-xs text-slate-500">Your own review: another moderator decides.</span>
        ) : (
          <div className="flex min-w-44 flex-col gap-2">
            {r.status !== "approved" ? (
              <form action={action}>
                <input type="hidden" name="review_id" value={r.id} />
                <button type="submit" name="decision" value="approve" disabled={pending} className={`${button} bg-brand-600 text-white hover:bg-brand-700`}>
                  Approve<span className="sr-only"> {label}</span>
                </button>
              </form>
            ) : null}
            {r.status !== "rejected" ? (
              <details className="text-xs">
                <summary className="cursor-pointer rounded-md border border-slate-300 bg-white px-2 py-1 font-medium hover:bg-slate-100">
                  {r.status === "approved" ? "Take down…" : "Reject…"}
                  <span className="sr-only"> {label}</span>
                </summary>
                <form action={action} className="mt-2 flex flex-col gap-1">
                  <input type="hidden" name="review_id" value={r.id} />
                  <label className="flex flex-col">
                    Reason (shown to the author)
                    <textarea name="reason" required rows={2} maxLength={500} className="mt-1 rounded border border-slate-300 px-2 py-1" />
                  </label>
                  <button type="submit" name="decision" value="reject" disabled={pending} className={`${button} bg-rose-700 text-white hover:bg-rose-800`}>
                    Reject<span className="sr-only"> {label}</span>
                  </button>
                </form>
              </details>
            ) : null}
          </div>
        )}
      </td>
    </tr>
  );
}
