import { valueText, words } from "./format";

/**
 * A finding's evidence (value, threshold or baseline, window, samples …) as a key/value list of plain text: keys
 * and values come from the agent and are shown as text, nested values as JSON, never as markup.
 */
export function EvidenceList({ evidence, label = "Evidence" }: { evidence: Record<string, unknown>; label?: string }) {
  const entries = Object.entries(evidence);
  if (!entries.length) return null;
  return (
    <div className="mt-2">
      <p className="text-xs font-semibold tracking-wide text-slate-500 uppercase">{label}</p>
      <dl className="mt-1 grid grid-cols-[max-content_1fr] gap-x-3 gap-y-0.5 text-xs">
        {entries.map(([k, v]) => (
          <div key={k} className="contents">
            <dt className="text-slate-500">{words(k)}</dt>
            <dd className="font-mono break-all text-slate-800">{valueText(v)}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}
