const STYLES: Record<string, string> = {
  SUCCESS: "border-emerald-200 bg-emerald-50 text-emerald-800",
  FAILURE: "border-rose-200 bg-rose-50 text-rose-800",
  BLOCKED: "border-amber-200 bg-amber-50 text-amber-900",
};

/** The outcome of an audited action, as a coloured label (the word itself carries the meaning, not the colour). */
export function ResultBadge({ result }: { result: string }) {
  return (
    <span className={`inline-block rounded border px-1.5 py-0.5 text-xs font-medium ${STYLES[result] ?? "border-slate-200 bg-slate-50 text-slate-700"}`}>
      {result}
    </span>
  );
}
