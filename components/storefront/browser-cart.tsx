"use client";

import Link from "next/link";
import { useEffect, useState, type ReactNode } from "react";
import { priceBrowserCartAction } from "@/lib/cart/actions";
import { clearBrowserCart, removeFromBrowserCart, setBrowserCartQuantity } from "@/lib/cart/browser-cart";
import type { CartSummary } from "@/lib/cart/types";
import { CartSkeleton, CartView, EmptyCart, type CartHandlers } from "./cart-view";
import { useBrowserCart } from "./use-browser-cart";

type Priced = { key: string; summary: CartSummary } | { key: string; error: string };

/**
 * A visitor's cart: the items live in this browser, the prices come from the server each time they change (a price
 * stored in the browser would be neither current nor trustworthy).
 */
export function BrowserCart({ maxQuantity }: { maxQuantity: number }) {
  const items = useBrowserCart();
  const key = items ? JSON.stringify(items) : null;
  const [priced, setPriced] = useState<Priced | null>(null);
  const [status, setStatus] = useState<string | null>(null);

  useEffect(() => {
    if (!items?.length || key === null) return;
    let active = true;
    priceBrowserCartAction({ items })
      .then((result) => {
        if (active) setPriced(result.ok ? { key, summary: result.summary } : { key, error: result.detail });
      })
      .catch(() => {
        if (active) setPriced({ key, error: "The cart could not be loaded. Try again in a moment." });
      });
    return () => {
      active = false;
    };
  }, [items, key]);

  // the same frame as CartView's (status line, then content), so nothing moves when the prices arrive
  const frame = (content: ReactNode) => (
    <div className="space-y-4">
      <div role="status" aria-live="polite" className="min-h-6 text-sm text-slate-700">
        {status}
      </div>
      {content}
    </div>
  );
  if (items === null) return frame(<CartSkeleton />);
  if (!items.length) return frame(<EmptyCart />);
  if (!priced) return frame(<CartSkeleton rows={items.length} />);
  if ("error" in priced) {
    return frame(
      <p role="alert" className="rounded border border-rose-200 bg-rose-50 p-4 text-rose-900">
        {priced.error}
      </p>,
    );
  }

  const handlers: CartHandlers = {
    setQuantity: (productId, quantity) => {
      setBrowserCartQuantity(productId, quantity);
      setStatus("Quantity updated.");
    },
    remove: (productId) => {
      removeFromBrowserCart(productId);
      setStatus("Removed from your cart.");
    },
    clear: () => {
      clearBrowserCart();
      setStatus("Your cart is empty.");
    },
  };
  return (
    <CartView
      summary={priced.summary}
      maxQuantity={maxQuantity}
      // until the new prices arrive the old ones stay on screen, and the buttons wait
      busy={priced.key !== key}
      status={status}
      handlers={handlers}
      checkout={
        priced.summary.lines.length > 0 && (
          <div className="space-y-2">
            <Link href="/login?next=%2Fcheckout" className="block rounded-md bg-brand-600 px-4 py-2 text-center text-sm font-medium text-white hover:bg-brand-700">
              Sign in and check out
            </Link>
            <p className="text-xs text-slate-500">Your cart comes with you when you sign in.</p>
          </div>
        )
      }
    />
  );
}
