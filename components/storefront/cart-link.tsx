"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect } from "react";
import { mergeCartAction } from "@/lib/cart/actions";
import { browserCartMergePending, readBrowserCart, setBrowserCartMergePending, writeBrowserCart } from "@/lib/cart/browser-cart";
import { useBrowserCart } from "./use-browser-cart";

/**
 * Once signed in, a cart kept in this browser before signing in moves into the account's cart: the browser copy is
 * taken out first (so a second tab does not add it again) and put back if the server refuses.
 */
function useMergeBrowserCart(signedIn: boolean): void {
  const router = useRouter();
  useEffect(() => {
    // one merge at a time, even when strict mode runs the effect twice
    if (!signedIn || browserCartMergePending()) return;
    const items = readBrowserCart();
    if (!items.length) return;
    setBrowserCartMergePending(true);
    writeBrowserCart([]);
    mergeCartAction({ items })
      .then((result) => {
        if (!result.ok) writeBrowserCart(items);
        router.refresh();
      })
      .catch(() => writeBrowserCart(items))
      .finally(() => setBrowserCartMergePending(false));
  }, [signedIn, router]);
}

/** The header's cart link: the account's count when signed in, the browser cart's otherwise. */
export function CartLink({ signedIn, serverCount }: { signedIn: boolean; serverCount: number }) {
  useMergeBrowserCart(signedIn);
  const local = useBrowserCart();
  const count = signedIn ? serverCount : (local?.reduce((n, i) => n + i.quantity, 0) ?? 0);
  return (
    <Link href="/cart" className="inline-flex items-center gap-1.5 text-sm text-slate-700 hover:text-slate-900">
      Cart
      <span
        data-testid="cart-count"
        aria-hidden
        className="inline-block min-w-6 rounded-full bg-slate-200 px-1.5 text-center text-xs font-medium tabular-nums text-slate-800"
      >
        {count}
      </span>
      <span className="sr-only">{count === 1 ? "1 item" : `${count} items`}</span>
    </Link>
  );
}
