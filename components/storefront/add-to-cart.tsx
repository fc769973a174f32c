"use client";

import Link from "next/link";
import { useState, useTransition, type FormEvent } from "react";
import { addToCartAction } from "@/lib/cart/actions";
import { addToBrowserCart } from "@/lib/cart/browser-cart";
import { useHydrated } from "./use-hydrated";

type Status = { ok: boolean; detail: string } | null;

/**
 * Quantity and "Add to cart". Signed in: the account's cart (server action). Anonymous: this browser's cart, merged
 * into the account at sign-in. The server re-checks the product and caps the quantity either way.
 */
export function AddToCart({ productId, stock, maxQuantity, signedIn }: { productId: number; stock: number; maxQuantity: number; signedIn: boolean }) {
  const hydrated = useHydrated();
  const [pending, startTransition] = useTransition();
  const [status, setStatus] = useState<Status>(null);
  const [invalid, setInvalid] = useState(false);
  const outOfStock = stock <= 0;
  const max = Math.max(1, Math.min(stock, maxQuantity));

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const raw = String(new FormData(e.currentTarget).get("quantity") ?? "").trim();
    const quantity = Number(raw);
    if (!/^\d+$/.test(raw) || quantity < 1 || quantity > max) {
      setInvalid(true);
      setStatus({ ok: false, detail: `Enter a whole number from 1 to ${max}.` });
      return;
    }
    setInvalid(false);
    if (!signedIn) {
      const result = addToBrowserCart(productId, quantity, maxQuantity);
      setStatus(result.ok ? { ok: true, detail: result.capped ? `Your cart now holds the most allowed per product: ${result.quantity}.` : `Added to your cart (${result.quantity} in cart).` } : result);
      return;
    }
    startTransition(async () => {
      const result = await addToCartAction({ product_id: productId, quantity });
      setStatus({ ok: result.ok, detail: result.detail });
    });
  }

  return (
    <form onSubmit={submit} aria-label="Add to cart" className="mt-6 space-y-2" noValidate>
      <div className="flex items-end gap-3">
        <div className="flex flex-col">
          <label htmlFor="add-quantity" className="text-sm font-medium text-slate-800">
            Quantity
          </label>
          <input
            id="add-quantity"
            name="quantity"
            type="number"
            inputMode="numeric"
            min={1}
            max={max}
            defaultValue={1}
            disabled={outOfStock}
            aria-invalid={invalid || undefined}
            aria-describedby="add-to-cart-status"
            className={`mt-1 w-24 rounded border px-2 py-1.5 disabled:bg-slate-100 ${invalid ? "border-rose-500" : "border-slate-300"}`}
          />
        </div>
        <button
          type="submit"
          disabled={outOfStock || pending || !hydrated}
          aria-disabled={outOfStock || pending || !hydrated}
          className="rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700 disabled:cursor-not-allowed disabled:opacity-60"
        >
          Add to cart
        </button>
      </div>
      <div id="add-to-cart-status" role="status" aria-live="polite" className="min-h-6 text-sm">
        {status && (
          <p className={status.ok ? "text-emerald-800" : "text-rose-700"}>
            {status.detail}{" "}
            {status.ok && (
              <Link href="/cart" className="text-brand-700 underline">
                View cart
              </Link>
            )}
          </p>
        )}
        {outOfStock && <p className="text-slate-600">This product is out of stock.</p>}
      </div>
    </form>
  );
}
