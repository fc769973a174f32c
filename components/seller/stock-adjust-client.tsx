"use client";

import { useActionState, useId } from "react";
import { adjustStockAction } from "@/lib/catalog/actions";
import type { ActionState } from "@/lib/http/server-action";

const button = "rounded border border-slate-300 bg-white px-2 py-1 text-xs font-medium hover:bg-slate-100 disabled:opacity-60";

/**
 * Quick stock change for one row: add or remove an amount (a signed delta, applied atomically on the server) or set
 * the stock outright. The list re-renders from the action's revalidation, so the shown stock updates in place.
 */
export function StockAdjust({ productId, productName }: { productId: number; productName: string }) {
  const [state, action, pending] = useActionState<ActionState, FormData>(adjustStockAction, null);
  const id = useId();
  return (
    <form action={action} aria-label={`Adjust stock of ${productName}`} className="flex flex-wrap items-center gap-1">
      <input type="hidden" name="product_id" value={productId} />
      <label htmlFor={id} className="sr-only">
        Amount for {productName}
      </label>
      <input id={id} name="amount" type="number" min={0} step={1} inputMode="numeric" defaultValue="1" required className="w-20 rounded border border-slate-300 px-2 py-1" />
      <button type="submit" name="mode" value="add" disabled={pending} className={button}>
        Add
      </button>
      <button type="submit" name="mode" value="remove" disabled={pending} className={button}>
        Remove
      </button>
      <button type="submit" name="mode" value="set" disabled={pending} className={button}>
        Set
      </button>
      <p role="status" aria-live="polite" className={`min-h-4 w-full text-xs ${state?.ok === false ? "text-rose-700" : "text-emerald-700"}`}>
        {state ? (state.ok || !state.errors ? state.detail : [...new Set(Object.values(state.errors).flat())].join(" ")) : null}
      </p>
    </form>
  );
}
