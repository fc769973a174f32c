/** "4 out of 5", "4.5 out of 5": the one accessible wording of a rating, wherever stars are drawn. */
export function ratingText(value: number | string): string {
  return `${value} out of 5`;
}

/**
 * Five stars, filled to the nearest half of `value`. The stars are decoration (aria-hidden); the element's
 * accessible name is the exact value ("4.5 out of 5"), so no reader has to count glyphs.
 */
export function RatingStars({ value, size = "md" }: { value: number | string; size?: "sm" | "md" }) {
  const n = Math.max(0, Math.min(5, Number(value) || 0));
  const filledPercent = (Math.round(n * 2) / 2 / 5) * 100;
  const text = size === "sm" ? "text-sm" : "text-lg";
  return (
    <span role="img" aria-label={ratingText(value)} className={`relative inline-block leading-none ${text}`}>
      <span aria-hidden className="text-slate-300">
        ★★★★★
      </span>
      <span aria-hidden className="absolute inset-y-0 left-0 overflow-hidden text-amber-500" style={{ width: `${filledPercent}%` }}>
        ★★★★★
      </span>
    </span>
  );
}

export type RatingSummaryData = { average_rating: string | null; review_count: number };

const reviewsWord = (n: number) => `${n.toLocaleString("en-US")} review${n === 1 ? "" : "s"}`;

/** Average (approved reviews only) and count, or "No reviews yet". */
export function RatingSummary({ summary, size = "md", testId }: { summary: RatingSummaryData; size?: "sm" | "md"; testId?: string }) {
  if (!summary.average_rating || summary.review_count === 0) {
    return (
      <p data-testid={testId} className={`${size === "sm" ? "text-xs" : "text-sm"} text-slate-500`}>
        No reviews yet
      </p>
    );
  }
  return (
    <p data-testid={testId} className={`flex items-center gap-2 ${size === "sm" ? "text-xs" : "text-sm"} text-slate-700`}>
      <RatingStars value={summary.average_rating} size={size} />
      <span>
        <span className="font-medium">{summary.average_rating}</span> · {reviewsWord(summary.review_count)}
      </span>
    </p>
  );
}
