export const PRODUCT_SORTS = [
  ["", "Newest first"],
  ["created_at", "Oldest first"],
  ["name", "Name: A to Z"],
  ["-name", "Name: Z to A"],
  ["price", "Price: low to high"],
  ["-price", "Price: high to low"],
  ["stock_quantity", "Stock: lowest first"],
  ["-stock_quantity", "Stock: highest first"],
] as const;

const field = "mt-1 rounded border border-slate-300 px-2 py-1.5";

/** A plain GET form: search, sort and the low-stock filter live in the URL, so the back button and links keep them. */
export function ProductFilters({ values }: { values: Record<string, string> }) {
  return (
    <form method="get" action="/seller" role="search" aria-label="Filter my products" className="mt-4 grid grid-cols-2 items-end gap-3 rounded-lg border border-slate-200 bg-white p-4 md:grid-cols-4">
      <label className="col-span-2 flex flex-col text-sm">
        Search name, SKU or description
        <input name="search" type="search" defaultValue={values.search ?? ""} maxLength={200} className={field} />
      </label>
      <label className="flex flex-col text-sm">
        Sort
        <select name="ordering" defaultValue={values.ordering ?? ""} className={field}>
          {PRODUCT_SORTS.map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
      </label>
      <label className="flex items-center gap-2 py-2 text-sm">
        <input name="low_stock" type="checkbox" value="true" defaultChecked={values.low_stock === "true"} className="h-4 w-4" />
        Low stock only
      </label>
      <div className="col-span-2 md:col-span-4 md:text-right">
        <button type="submit" className="rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700">
          Apply
        </button>
      </div>
    </form>
  );
}
