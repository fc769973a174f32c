"use client";

import { useActionState } from "react";
import type { FormAction } from "@/lib/users/action-result";

const TONES = {
  primary: "bg-brand-600 text-white hover:bg-brand-700",
  danger: "bg-rose-700 text-white hover:bg-rose-800",
  neutral: "border border-slate-300 bg-white text-slate-900 hover:bg-slate-100",
} as const;

/** One button that runs one server action, with a confirmation for the destructive ones and the outcome read aloud. */
export function ActionForm({
  action,
  fields,
  label,
  successText,
  confirmText,
  tone = "neutral",
}: {
  action: FormAction;
  fields: Record<string, string>;
  label: string;
  successText: string;
  confirmText?: string;
  tone?: keyof typeof TONES;
}) {
  const [state, formAction, pending] = useActionState(action, null);
  return (
    <form
      action={formAction}
      onSubmit={(event) => {
        if (confirmText && !window.confirm(confirmText)) event.preventDefault();
      }}
      className="flex flex-col gap-1"
    >
      {Object.entries(fields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <button type="submit" disabled={pending} className={`rounded-md px-3 py-1.5 text-sm font-medium disabled:opacity-60 ${TONES[tone]}`}>
        {pending ? "Working…" : label}
      </button>
      <p role="status" aria-live="polite" className={`text-xs ${state?.ok === false ? "text-rose-700" : "text-emerald-700"}`}>
        {state ? (state.ok ? successText : state.detail) : null}
      </p>
    </form>
  );
}
