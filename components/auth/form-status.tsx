import type { ActionState } from "@/lib/auth/actions";

/**
 * The polite live region of a form: present from the first render (an inserted region is often not announced) and
 * of fixed minimum height, so the message appearing does not shift the layout.
 */
export function FormStatus({ state, id }: { state: ActionState; id?: string }) {
  const tone = !state ? "" : state.ok ? "border-emerald-200 bg-emerald-50 text-emerald-900" : "border-rose-200 bg-rose-50 text-rose-900";
  return (
    <div id={id} role="status" aria-live="polite" className="min-h-11">
      {state && <p className={`rounded border px-3 py-2 text-sm ${tone}`}>{state.detail}</p>}
    </div>
  );
}
