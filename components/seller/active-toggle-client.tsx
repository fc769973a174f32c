"use client";

import { useActionState } from "react";
import { setProductActiveAction } from "@/lib/catalog/actions";
import type { ActionState } from "@/lib/http/server-action";

/** Deactivate (hidden from the storefront, orders kept) or reactivate a product, after a confirmation. */
export function ActiveToggle({ productId, isActive }: { productId: number; isActive: boolean }) {
  const [state, action, pending] = useActionState<ActionState, FormData>(setProductActiveAction, null);
  const label = isActive ? "Deactivate product" : "Reactivate product";
  return (
    <form
      action={action}
      onSubmit={(event) => {
        const question = isActive ? "Deactivate this product? It leaves the storefront; its orders stay." : "Reactivate this product? It returns to the storefront.";
        if (!window.confirm(question)) event.preventDefault();
      }}
      className="flex flex-col items-start gap-1"
    >
      <input type="hidden" name="product_id" value={productId} />
      <input type="hidden" name="is_active" value={isActive ? "false" : "true"} />
      <button
        type="submit"
        disabled={pending}
        className={`rounded-md px-3 py-1.5 text-sm font-medium disabled:opacity-60 ${isActive ? "bg-rose-700 text-white hover:bg-rose-800" : "bg-brand-600 text-white hover:bg-brand-700"}`}
      >
        {label}
      </button>
      <p role="status" aria-live="polite" className={`min-h-5 text-sm ${state?.ok === false ? "text-rose-700" : "text-emerald-700"}`}>
        {state?.detail}
      </p>
    </form>
  );
}
