"use client";

import Link from "next/link";
import { useState, type FormEvent, type ReactNode } from "react";
import type { CartLine, CartSummary } from "@/lib/cart/types";
import { OrderTotals } from "./order-totals";

export type CartHandlers = {
  setQuantity: (productId: number, quantity: number) => void;
  remove: (productId: number) => void;
  clear: () => void;
};

const button = "rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm text-slate-800 hover:bg-slate-100 disabled:cursor-wait disabled:opacity-70";

function stockWarning(line: CartLine): string | null {
  if (line.stock_quantity <= 0) return "Out of stock: remove it to check out.";
  if (line.quantity > line.stock_quantity) return `Only ${line.stock_quantity} left: lower the quantity to check out.`;
  return null;
}

function LineRow({ line, maxQuantity, busy, handlers }: { line: CartLine; maxQuantity: number; busy: boolean; handlers: CartHandlers }) {
  const [error, setError] = useState<string | null>(null);
  const inputId = `qty-${line.product_id}`;
  const errorId = `${inputId}-error`;
  const warning = stockWarning(line);
  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const raw = String(new FormData(e.currentTarget).get("quantity") ?? "").trim();
    const quantity = Number(raw);
    if (!/^\d+$/.test(raw) || quantity < 1 || quantity > maxQuantity) {
      setError(`Enter a whole number from 1 to ${maxQuantity}.`);
      return;
    }
    setError(null);
    handlers.setQuantity(line.product_id, quantity);
  }
  return (
    <li className="grid gap-3 py-4 sm:grid-cols-[1fr_auto_auto] sm:items-start" data-testid="cart-line">
      <div className="min-w-0">
        <Link href={`/products/${line.product_id}`} className="font-medium hover:underline">
          {line.name}
        </Link>
        <p className="text-xs text-slate-500">
          {line.sku} · ${line.unit_price} each
        </p>
        <p className="min-h-5 text-sm text-amber-700" data-testid="line-warning">
          {warning}
        </p>
      </div>
      <div>
        {/* the key resets the field when the server's quantity changes */}
        <form key={line.quantity} onSubmit={submit} className="flex items-end gap-2" noValidate>
          <div className="flex flex-col">
            <label htmlFor={inputId} className="text-xs text-slate-600">
              Quantity of {line.name}
            </label>
            <input
              id={inputId}
              name="quantity"
              type="number"
              inputMode="numeric"
              min={1}
              max={maxQuantity}
              defaultValue={line.quantity}
              aria-invalid={error ? true : undefined}
              aria-describedby={errorId}
              className={`mt-1 w-24 rounded border px-2 py-1.5 ${error ? "border-rose-500" : "border-slate-300"}`}
            />
          </div>
          <button type="submit" disabled={busy} className={button}>
            Update
          </button>
          <button type="button" disabled={busy} onClick={() => handlers.remove(line.product_id)} className={button}>
            Remove
          </button>
        </form>
        <p id={errorId} className="min-h-5 text-sm text-rose-700">
          {error}
        </p>
      </div>
      <p className="text-right font-medium tabular-nums sm:w-28" data-testid="line-total">
        ${line.line_total}
      </p>
    </li>
  );
}

/** A skeleton of the cart's size while the browser cart is being priced (no jump when it arrives). */
export function CartSkeleton({ rows = 2 }: { rows?: number }) {
  return (
    <div aria-busy="true" aria-label="Loading your cart" className="rounded-lg border border-slate-200 bg-white p-4">
      {Array.from({ length: rows }, (_, i) => (
        <div key={i} className="flex animate-pulse items-center justify-between border-b border-slate-100 py-4 last:border-0">
          <div className="h-10 w-1/2 rounded bg-slate-200" />
          <div className="h-8 w-24 rounded bg-slate-200" />
        </div>
      ))}
    </div>
  );
}

export function EmptyCart() {
  return (
    <div className="rounded-lg border border-slate-200 bg-white p-8 text-center">
      <p className="text-lg font-medium">Your cart is empty.</p>
      <Link href="/products" className="mt-4 inline-block rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700">
        Browse the catalogue
      </Link>
    </div>
  );
}

/** The cart, the same for the account's cart and a visitor's browser cart; amounts always come from the server. */
export function CartView({
  summary,
  maxQuantity,
  busy,
  status,
  handlers,
  checkout,
}: {
  summary: CartSummary;
  maxQuantity: number;
  busy: boolean;
  status: string | null;
  handlers: CartHandlers;
  checkout: ReactNode;
}) {
  const empty = !summary.lines.length && !summary.unavailable.length;
  return (
    <div className="space-y-4">
      <div role="status" aria-live="polite" className="min-h-6 text-sm text-slate-700">
        {status}
      </div>
      {empty ? (
        <EmptyCart />
      ) : (
        <div className="grid gap-6 lg:grid-cols-[1fr_20rem] lg:items-start">
          <section aria-labelledby="cart-lines-heading" className="rounded-lg border border-slate-200 bg-white px-4">
            <h2 id="cart-lines-heading" className="sr-only">
              Items
            </h2>
            <ul aria-label="Cart items" className="divide-y divide-slate-100">
              {summary.lines.map((line) => (
                <LineRow key={line.product_id} line={line} maxQuantity={maxQuantity} busy={busy} handlers={handlers} />
              ))}
            </ul>
            {summary.unavailable.length > 0 && (
              <div className="border-t border-slate-200 py-4">
                <h3 className="text-sm font-semibold text-slate-700">No longer available</h3>
                <ul aria-label="Unavailable items" className="mt-2 space-y-2">
                  {summary.unavailable.map((u) => (
                    <li key={u.product_id} className="flex items-center justify-between gap-4 text-sm text-slate-600">
                      <span>{u.name ?? `Product #${u.product_id}`} is not sold any more and is left out of your order.</span>
                      <button type="button" disabled={busy} onClick={() => handlers.remove(u.product_id)} className={button}>
                        Remove
                      </button>
                    </li>
                  ))}
                </ul>
              </div>
            )}
          </section>
          <aside aria-labelledby="cart-summary-heading" className="space-y-4 rounded-lg border border-slate-200 bg-white p-4">
            <h2 id="cart-summary-heading" className="text-lg font-semibold">
              Summary
            </h2>
            <OrderTotals subtotal={summary.subtotal} tax={summary.tax} shipping={summary.shipping} total={summary.total} />
            {checkout}
            <button type="button" disabled={busy} onClick={handlers.clear} className={`${button} w-full`}>
              Empty the cart
            </button>
          </aside>
        </div>
      )}
    </div>
  );
}
