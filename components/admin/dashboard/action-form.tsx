"use client";

import { useActionState } from "react";
import { useHydrated } from "@/components/storefront/use-hydrated";
import type { ActionResult, ActionState } from "@/lib/http/server-action";

export type ServerAction = (state: ActionState, formData: FormData) => Promise<ActionResult>;
export type ActionButton = { decision?: string; label: string; pendingLabel?: string; primary?: boolean };

/**
 * A small form around one of the dashboard's server actions: hidden fields, one or more submit buttons (the
 * pressed one's `decision` is sent), and the outcome in words. On success the dashboard re-reads its data
 * (`onDone`), so the row changes in place without a reload. Buttons wait for hydration: the work is client code.
 */
export function ActionForm({
  action,
  fields = {},
  buttons,
  onDone,
  label,
}: {
  action: ServerAction;
  fields?: Record<string, string>;
  buttons: ActionButton[];
  onDone: () => Promise<unknown>;
  label: string;
}) {
  const hydrated = useHydrated();
  // `seq` counts the answers, so a repeated outcome (the same words twice) is still a new one to the reader and tests
  const [outcome, formAction, pending] = useActionState<{ result: ActionResult; seq: number } | null, FormData>(async (prev, formData) => {
    const result = await action(prev?.result ?? null, formData);
    if (result.ok) await onDone();
    return { result, seq: (prev?.seq ?? 0) + 1 };
  }, null);
  const state = outcome?.result ?? null;
  return (
    <form action={formAction} aria-label={label} aria-busy={pending} data-outcomes={outcome?.seq ?? 0} className="flex flex-wrap items-center gap-2">
      {Object.entries(fields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      {buttons.map((b) => (
        <button
          key={b.decision ?? b.label}
          type="submit"
          {...(b.decision ? { name: "decision", value: b.decision } : {})}
          disabled={!hydrated || pending}
          className={
            b.primary
              ? "rounded-md bg-brand-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-brand-700 disabled:opacity-50"
              : "rounded-md border border-slate-300 bg-white px-2.5 py-1 text-sm text-slate-800 hover:bg-slate-100 disabled:opacity-50"
          }
        >
          {pending && buttons.length === 1 && b.pendingLabel ? b.pendingLabel : b.label}
        </button>
      ))}
      {state && (
        <p role={state.ok ? "status" : "alert"} className={`text-sm ${state.ok ? "text-emerald-800" : "text-rose-800"}`}>
          {state.detail}
        </p>
      )}
    </form>
  );
}
