/** Amounts computed on the server (cart pricing or the stored order), shown as they came: never recomputed here. */
export function OrderTotals({
  subtotal,
  tax,
  shipping,
  total,
  taxLabel = "Tax",
}: {
  subtotal: string;
  tax: string;
  shipping: string;
  total: string;
  taxLabel?: string;
}) {
  return (
    <dl className="grid grid-cols-[1fr_auto] gap-x-6 gap-y-1 text-sm">
      <dt className="text-slate-600">Subtotal</dt>
      <dd className="text-right tabular-nums" data-testid="subtotal">
        ${subtotal}
      </dd>
      <dt className="text-slate-600">{taxLabel}</dt>
      <dd className="text-right tabular-nums" data-testid="tax">
        ${tax}
      </dd>
      <dt className="text-slate-600">Shipping</dt>
      <dd className="text-right tabular-nums" data-testid="shipping">
        {shipping === "0.00" ? "Free" : `$${shipping}`}
      </dd>
      <dt className="border-t border-slate-200 pt-1 font-semibold">Total</dt>
      <dd className="border-t border-slate-200 pt-1 text-right font-semibold tabular-nums" data-testid="total">
        ${total}
      </dd>
    </dl>
  );
}
