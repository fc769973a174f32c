const SEVERITY: Record<string, string> = {
  info: "bg-sky-100 text-sky-900",
  warning: "bg-amber-100 text-amber-900",
  low: "bg-sky-100 text-sky-900",
  medium: "bg-amber-100 text-amber-900",
  high: "bg-orange-100 text-orange-900",
  critical: "bg-rose-100 text-rose-900",
  emergency: "bg-rose-200 text-rose-950",
};

const STATUS: Record<string, string> = {
  active: "bg-rose-50 text-rose-800 ring-rose-200",
  open: "bg-rose-50 text-rose-800 ring-rose-200",
  acknowledged: "bg-amber-50 text-amber-800 ring-amber-200",
  investigating: "bg-amber-50 text-amber-800 ring-amber-200",
  resolved: "bg-emerald-50 text-emerald-800 ring-emerald-200",
  ok: "bg-emerald-50 text-emerald-800 ring-emerald-200",
  degraded: "bg-amber-50 text-amber-800 ring-amber-200",
  down: "bg-rose-50 text-rose-800 ring-rose-200",
};

export function SeverityBadge({ severity }: { severity: string }) {
  return <span className={`rounded px-1.5 py-0.5 text-xs font-semibold uppercase ${SEVERITY[severity] ?? "bg-slate-100 text-slate-800"}`}>{severity}</span>;
}

/** A status in words (the words are the test's and the reader's handle: "acknowledged", "resolved", "undone" …). */
export function StatusBadge({ status, testId }: { status: string; testId?: string }) {
  return (
    <span data-testid={testId} className={`rounded px-1.5 py-0.5 text-xs font-medium ring-1 ${STATUS[status] ?? "bg-slate-50 text-slate-700 ring-slate-200"}`}>
      {status}
    </span>
  );
}
