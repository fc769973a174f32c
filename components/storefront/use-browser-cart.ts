"use client";

import { useMemo, useSyncExternalStore } from "react";
import { browserCartMergePending, browserCartSnapshot, parseBrowserCart, subscribeBrowserCart } from "@/lib/cart/browser-cart";
import type { CartItem } from "@/lib/cart/schemas";

const notKnownOnServer = () => undefined;

/** The browser cart's items, validated; null while rendering on the server and during hydration. */
export function useBrowserCart(): CartItem[] | null {
  const raw = useSyncExternalStore(subscribeBrowserCart, browserCartSnapshot, notKnownOnServer);
  return useMemo(() => (raw === undefined ? null : parseBrowserCart(raw)), [raw]);
}

const notPendingOnServer = () => false;

/** True while a signed-in tab moves its browser cart into the account (see CartLink). */
export function useBrowserCartMergePending(): boolean {
  return useSyncExternalStore(subscribeBrowserCart, browserCartMergePending, notPendingOnServer);
}
