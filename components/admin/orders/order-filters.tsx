import { ORDER_STATUSES } from "@/db/schema/orders";

const field = "mt-1 rounded border border-slate-300 px-2 py-1.5";

/** A plain GET form (filters live in the URL). `withSearch` adds the order number / customer email search (admins). */
export function OrderFilters({ action, values, withSearch }: { action: string; values: Record<string, string>; withSearch: boolean }) {
  return (
    <form method="get" action={action} role="search" aria-label="Filter orders" className="mt-4 flex flex-wrap items-end gap-3 rounded-lg border border-slate-200 bg-white p-4">
      {withSearch ? (
        <label className="flex min-w-64 flex-1 flex-col text-sm">
          Order number or customer email
          <input name="search" type="search" defaultValue={values.search ?? ""} maxLength={100} className={field} />
        </label>
      ) : null}
      <label className="flex flex-col text-sm">
        Status
        <select name="status" defaultValue={values.status ?? ""} className={field}>
          <option value="">Any</option>
          {ORDER_STATUSES.map((s) => (
            <option key={s} value={s}>
              {s.charAt(0) + s.slice(1).toLowerCase()}
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
