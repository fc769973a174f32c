"use client";

import { EmptyCart } from "./cart-view";
import { useBrowserCart, useBrowserCartMergePending } from "./use-browser-cart";

/**
 * Checkout with an empty account cart. Just after signing in, the cart kept in this browser is still on its way into
 * the account (CartLink merges it, then the page re-renders): say so instead of "empty".
 */
export function CheckoutEmpty() {
  const local = useBrowserCart();
  const merging = useBrowserCartMergePending();
  if (local === null || merging || local.length > 0) {
    return (
      <p role="status" aria-busy="true" className="rounded-lg border border-slate-200 bg-white p-8 text-center text-slate-600">
        Bringing over your cart…
      </p>
    );
  }
  return (
    <div role="status">
      <p className="sr-only">You cannot check out with an empty cart.</p>
      <EmptyCart />
    </div>
  );
}
