"use client";

import { useActionState } from "react";
import type { ActionState } from "@/lib/http/server-action";
import { changeOrderStatusAction } from "@/lib/orders/fulfilment-actions";

/** Button text and the question asked before each move (the server decides which moves the caller may make). */
const MOVES: Record<string, { label: string; question: (order: string) => string; danger?: boolean }> = {
  CONFIRMED: { label: "Confirm", question: (o) => `Confirm order ${o}?` },
  PROCESSING: { label: "Start processing", question: (o) => `Start processing order ${o}?` },
  SHIPPED: { label: "Mark shipped", question: (o) => `Mark order ${o} as shipped?` },
  DELIVERED: { label: "Mark delivered", question: (o) => `Mark order ${o} as delivered?` },
  CANCELLED: { label: "Cancel order", question: (o) => `Cancel order ${o}? Its stock is put back.`, danger: true },
  REFUNDED: { label: "Refund", question: (o) => `Refund order ${o}? Its stock is put back. This cannot be undone.`, danger: true },
};

/**
 * One button per status the caller may move this order to (`allowed_transitions` from the serializer), each with a
 * confirmation. The list re-renders from the action's revalidation, so the status and the buttons update in place.
 */
export function OrderStatusActions({ orderId, orderNumber, allowed }: { orderId: number; orderNumber: string; allowed: string[] }) {
  const [state, action, pending] = useActionState<ActionState, FormData>(changeOrderStatusAction, null);
  const moves = allowed.filter((s) => s in MOVES);
  return (
    <form
      action={action}
      aria-label={`Change the status of order ${orderNumber}`}
      onSubmit={(event) => {
        const submitter = (event.nativeEvent as SubmitEvent).submitter;
        const move = submitter instanceof HTMLButtonElement ? MOVES[submitter.value] : undefined;
        if (!move || !window.confirm(move.question(orderNumber))) event.preventDefault();
      }}
      className="flex flex-col gap-1"
    >
      <input type="hidden" name="order_id" value={orderId} />
      <div className="flex flex-wrap gap-1">
        {moves.length ? (
          moves.map((s) => (
            <button
              key={s}
              type="submit"
              name="status"
              value={s}
              disabled={pending}
              className={`rounded-md px-2 py-1 text-xs font-medium disabled:opacity-60 ${MOVES[s]!.danger ? "bg-rose-700 text-white hover:bg-rose-800" : "border border-slate-300 bg-white text-slate-900 hover:bg-slate-100"}`}
            >
              {MOVES[s]!.label}
            </button>
          ))
        ) : (
          <span className="text-xs text-slate-500">No action</span>
        )}
      </div>
      <p role="status" aria-live="polite" className={`min-h-4 text-xs ${state?.ok === false ? "text-rose-700" : "text-emerald-700"}`}>
        {state?.detail}
      </p>
    </form>
  );
}
