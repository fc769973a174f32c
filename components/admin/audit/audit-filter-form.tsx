import { AUDIT_RESULTS } from "@/lib/audit/schemas";

export type AuditFilterValues = Partial<Record<"action" | "result" | "actor" | "ip" | "since" | "until" | "target_type" | "target_id" | "request_id" | "ordering", string>>;

const input = "mt-1 rounded border border-slate-300 px-2 py-1.5";

/** ISO text from the URL → the value a datetime-local field can show (UTC, to the second), or the raw text. */
function localValue(value: string | undefined): string {
  if (!value) return "";
  const time = Date.parse(/(Z|[+-]\d{2}(:?\d{2})?)$/i.test(value) ? value : `${value}Z`);
  return Number.isNaN(time) ? "" : new Date(time).toISOString().slice(0, 19);
}

function TextField({ name, label, value, ...rest }: { name: string; label: string; value?: string } & React.InputHTMLAttributes<HTMLInputElement>) {
  return (
    <label className="flex flex-col text-sm">
      {label}
      <input name={name} defaultValue={value ?? ""} className={input} {...rest} />
    </label>
  );
}

/** A plain GET form: the filters live in the URL, so a filtered view can be bookmarked and shared. */
export function AuditFilterForm({ values }: { values: AuditFilterValues }) {
  return (
    <form method="get" action="/admin/audit" role="search" aria-label="Filter the audit log" className="grid grid-cols-2 gap-3 rounded-lg border border-slate-200 bg-white p-4 md:grid-cols-4">
      <TextField name="action" label="Action" value={values.action} maxLength={64} placeholder="LOGIN_FAILED" />
      <label className="flex flex-col text-sm">
        Result
        <select name="result" defaultValue={values.result ?? ""} className={input}>
          <option value="">Any</option>
          {AUDIT_RESULTS.map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
        </select>
      </label>
      <TextField name="actor" label="Actor (user id)" value={values.actor} inputMode="numeric" pattern="[0-9]*" maxLength={16} />
      <TextField name="ip" label="IP address" value={values.ip} maxLength={64} />
      <TextField name="since" label="Since (UTC)" value={localValue(values.since)} type="datetime-local" step={1} />
      <TextField name="until" label="Until (UTC)" value={localValue(values.until)} type="datetime-local" step={1} />
      <TextField name="target_type" label="Target type" value={values.target_type} maxLength={32} />
      <TextField name="target_id" label="Target id" value={values.target_id} maxLength={100} />
      <TextField name="request_id" label="Request id" value={values.request_id} maxLength={64} />
      <label className="flex flex-col text-sm">
        Order
        <select name="ordering" defaultValue={values.ordering ?? "-occurred_at"} className={input}>
          <option value="-occurred_at">Newest first</option>
          <option value="occurred_at">Oldest first</option>
        </select>
      </label>
      <div className="col-span-2 flex items-end justify-end gap-3">
        <a href="/admin/audit" className="rounded-md px-3 py-2 text-sm text-slate-700 hover:bg-slate-100">
          Clear
        </a>
        <button type="submit" className="rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700">
          Apply filters
        </button>
      </div>
    </form>
  );
}
