"use client";

import { useActionState } from "react";
import type { ActionState } from "@/lib/http/server-action";
import { redeliverWebhookAction } from "./actions";

/** Queue one delivery's body again (signed afresh when sent). */
export function RedeliverButton({
  id,
  deliveryId,
  label,
}: {
  id: string;
  deliveryId: string;
  label: string;
}) {
  const [state, action, pending] = useActionState<ActionState, FormData>(redeliverWebhookAction, null);
  return (
    <form action={action} className="flex items-center gap-2">
      <input type="hidden" name="id" value={id} />
      <input type="hidden" name="delivery_id" value={deliveryId} />
      <button
        type="submit"
        disabled={pending}
        aria-label={label}
        className="rounded border border-slate-300 px-2 py-0.5 text-xs hover:bg-slate-100 disabled:opacity-60"
      >
        Re-send
      </button>
      <span
        role="status"
        aria-live="polite"
        className={`text-xs ${state?.ok === false ? "text-rose-700" : "text-emerald-700"}`}
      >
        {state?.detail}
      </span>
    </form>
  );
}
