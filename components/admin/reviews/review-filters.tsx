const field = "mt-1 rounded border border-slate-300 px-2 py-1.5";

const STATUSES = [
  { value: "pending", label: "Pending" },
  { value: "approved", label: "Approved" },
  { value: "rejected", label: "Rejected" },
  { value: "all", label: "All" },
] as const;

/** A plain GET form: the filters live in the URL (a new filter starts again at page 1). */
export function ReviewFilters({ values }: { values: { status: string; rating: string } }) {
  return (
    <form method="get" action="/admin/reviews" role="search" aria-label="Filter reviews" className="mt-4 flex flex-wrap items-end gap-3 rounded-lg border border-slate-200 bg-white p-4">
      <label className="flex flex-col text-sm">
        Status
        <select name="status" defaultValue={values.status} className={field}>
          {STATUSES.map((s) => (
            <option key={s.value} value={s.value}>
              {s.label}
            </option>
          ))}
        </select>
      </label>
      <label className="flex flex-col text-sm">
        Rating
        <select name="rating" defaultValue={values.rating} className={field}>
          <option value="">Any</option>
          {[5, 4, 3, 2, 1].map((r) => (
            <option key={r} value={r}>
              {r} star{r === 1 ? "" : "s"}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" className="rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700">
        Apply
      </button>
    </form>
  );
}
