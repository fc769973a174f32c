import type { ReactNode } from "react";

/** Stays the same size while pending (no label swap); `aria-disabled` keeps it focusable for screen readers. */
export function SubmitButton({ pending, children, variant = "primary" }: { pending: boolean; children: ReactNode; variant?: "primary" | "secondary" }) {
  const look =
    variant === "primary"
      ? "bg-brand-600 text-white hover:bg-brand-700"
      : "border border-slate-300 bg-white text-slate-800 hover:bg-slate-100";
  return (
    <button
      type="submit"
      disabled={pending}
      aria-disabled={pending}
      className={`rounded-md px-4 py-2 text-sm font-medium disabled:cursor-wait disabled:opacity-70 ${look}`}
    >
      {children}
    </button>
  );
}
