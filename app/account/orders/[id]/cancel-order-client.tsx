"use client";

import { useActionState, useEffect, useRef, useState } from "react";
import { FormStatus } from "@/components/auth/form-status";
import { SubmitButton } from "@/components/auth/submit-button";
import type { ActionState } from "@/lib/http/server-action";
import { useHydrated } from "@/components/storefront/use-hydrated";
import { cancelOrderAction } from "@/lib/orders/customer-actions";

/** "Cancel order", then a confirmation step; the page re-renders with the new status once the server has cancelled. */
export function CancelOrder({ orderId }: { orderId: number }) {
  const hydrated = useHydrated();
  const [confirming, setConfirming] = useState(false);
  const [state, action, pending] = useActionState<ActionState, FormData>(cancelOrderAction, null);
  const confirmRef = useRef<HTMLDivElement>(null);
  const cancelRef = useRef<HTMLButtonElement>(null);
  const opened = useRef(false);
  // focus follows the step: onto "Yes" when asked, back onto "Cancel order" when the shopper keeps the order
  useEffect(() => {
    if (confirming) confirmRef.current?.querySelector<HTMLButtonElement>("button[type=submit]")?.focus();
    else if (opened.current) cancelRef.current?.focus();
    opened.current ||= confirming;
  }, [confirming]);
  return (
    <div className="mt-4 border-t border-slate-200 pt-4">
      {!confirming ? (
        <button
          ref={cancelRef}
          type="button"
          onClick={() => setConfirming(true)}
          disabled={!hydrated}
          className="rounded-md border border-rose-300 bg-white px-4 py-2 text-sm font-medium text-rose-800 hover:bg-rose-50 disabled:opacity-60"
        >
          Cancel order
        </button>
      ) : (
        <div ref={confirmRef} role="group" aria-labelledby={`cancel-q-${orderId}`} className="space-y-3">
          <p id={`cancel-q-${orderId}`} className="text-sm">
            Cancel this order? The items go back on sale and this cannot be undone.
          </p>
          <div className="flex gap-2">
            <form action={action}>
              <input type="hidden" name="order_id" value={String(orderId)} />
              <SubmitButton pending={pending}>Yes, cancel the order</SubmitButton>
            </form>
            <button
              type="button"
              onClick={() => setConfirming(false)}
              disabled={pending}
              className="rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-medium text-slate-800 hover:bg-slate-100"
            >
              Keep the order
            </button>
          </div>
        </div>
      )}
      <FormStatus state={state} />
    </div>
  );
}
