"use client";

import Link from "next/link";
import { useState, useTransition } from "react";
import { clearCartAction, removeFromCartAction, setCartQuantityAction } from "@/lib/cart/actions";
import type { CartSummary } from "@/lib/cart/types";
import { CartView, type CartHandlers } from "./cart-view";
import { useHydrated } from "./use-hydrated";

/** The signed-in shopper's cart (cart_items): each change is a server action, after which the page re-renders. */
export function ServerCart({ summary, maxQuantity }: { summary: CartSummary; maxQuantity: number }) {
  const hydrated = useHydrated();
  const [pending, startTransition] = useTransition();
  const [status, setStatus] = useState<string | null>(null);
  const run = (action: () => Promise<{ ok: boolean; detail: string }>) =>
    startTransition(async () => {
      const result = await action();
      setStatus(result.detail);
    });
  const handlers: CartHandlers = {
    setQuantity: (productId, quantity) => run(() => setCartQuantityAction({ product_id: productId, quantity })),
    remove: (productId) => run(() => removeFromCartAction({ product_id: productId })),
    clear: () => run(() => clearCartAction({})),
  };
  return (
    <CartView
      summary={summary}
      maxQuantity={maxQuantity}
      busy={pending || !hydrated}
      status={status}
      handlers={handlers}
      checkout={
        summary.lines.length > 0 && (
          <Link href="/checkout" className="block rounded-md bg-brand-600 px-4 py-2 text-center text-sm font-medium text-white hover:bg-brand-700">
            Check out
          </Link>
        )
      }
    />
  );
}
