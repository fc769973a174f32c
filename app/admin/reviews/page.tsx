import type { Metadata } from "next";
import { ReviewFilters } from "@/components/admin/reviews/review-filters";
import { ReviewQueue } from "@/components/admin/reviews/review-queue-client";
import { Forbidden } from "@/components/forbidden";
import { Pagination } from "@/components/storefront/pagination";
import { requirePermission } from "@/lib/auth/page-principal";
import { listReviews } from "@/lib/reviews/queries";
import { reviewListQuery } from "@/lib/reviews/schemas";
import { serializeReview } from "@/lib/reviews/serializers";
import { reviewViewer } from "@/lib/reviews/viewer";

export const metadata: Metadata = { title: "Reviews · Admin" };

const PAGE_SIZE = 20;

const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

/**
 * The moderation queue. The pending reviews are the default view (the work to do); the status filter shows the
 * approved or rejected ones, or all of them (newest first). Filters and the page live in the URL.
 */
export default async function AdminReviewsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const principal = await requirePermission("/admin/reviews", "reviews:moderate");
  if (!principal) return <Forbidden />;
  const raw = await searchParams;
  const status = first(raw.status)?.trim() || "pending";
  const rating = first(raw.rating)?.trim();
  const page = first(raw.page)?.trim();
  // what links keep: "pending" is the default and stays out of the URL
  const params: Record<string, string> = {};
  if (status !== "pending") params.status = status;
  if (rating) params.rating = rating;
  const parsed = reviewListQuery.safeParse({
    ...(status === "all" ? {} : { status }),
    ...(rating ? { rating } : {}),
    ...(page ? { page } : {}),
    page_size: String(PAGE_SIZE),
  });
  const viewer = reviewViewer(principal);
  const result = parsed.success ? await listReviews(viewer, parsed.data) : null;
  const pageNo = parsed.success ? parsed.data.page : 1;
  const pageCount = result ? Math.max(1, Math.ceil(result.count / PAGE_SIZE)) : 1;
  return (
    <div>
      <h1 className="text-2xl font-bold">Reviews</h1>
      <p className="mt-1 text-sm text-slate-600">Approved reviews appear on the product pages. A rejection reason is shown to the review&apos;s author.</p>
      <ReviewFilters values={{ status, rating: rating ?? "" }} />
      {!parsed.success ? (
        <p role="alert" className="mt-6 rounded border border-rose-200 bg-rose-50 p-4 text-rose-800">
          Some filters are not valid: {parsed.error.issues.map((i) => `${i.path.join(".")} ${i.message}`).join("; ")}.
        </p>
      ) : (
        <>
          <p className="mt-6 text-sm text-slate-600" aria-live="polite">
            {(result?.count ?? 0).toLocaleString("en-US")} {status === "all" ? "" : `${status} `}reviews
          </p>
          <ReviewQueue reviews={(result?.rows ?? []).map((r) => serializeReview(r, viewer))} viewerId={principal.userId} />
          <Pagination basePath="/admin/reviews" params={params} page={pageNo} pageCount={pageCount} />
        </>
      )}
    </div>
  );
}
