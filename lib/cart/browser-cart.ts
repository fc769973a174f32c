import { BROWSER_CART_KEY, browserCartSchema, CART_MAX_LINES, CART_QUANTITY_LIMIT, type CartItem } from "./schemas";

/**
 * The anonymous visitor's cart in localStorage. Whatever is stored there is re-validated on every read (another
 * script, an old version or the user may have changed it): an invalid value counts as an empty cart. Prices are never
 * stored: the server prices the items each time the cart is shown.
 */

const CHANGE_EVENT = "shop:cart-change";

function storage(): Storage | null {
  try {
    return typeof window === "undefined" ? null : window.localStorage;
  } catch {
    return null; // storage disabled (privacy mode, sandboxed frame)
  }
}

/** The raw stored string: a stable snapshot for useSyncExternalStore (equal strings, equal carts). */
export function browserCartSnapshot(): string | null {
  return storage()?.getItem(BROWSER_CART_KEY) ?? null;
}

export function parseBrowserCart(raw: string | null): CartItem[] {
  if (!raw) return [];
  try {
    const parsed = browserCartSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data.items : [];
  } catch {
    return [];
  }
}

export function readBrowserCart(): CartItem[] {
  return parseBrowserCart(browserCartSnapshot());
}

export function writeBrowserCart(items: CartItem[]): void {
  const store = storage();
  if (!store) return;
  if (items.length) store.setItem(BROWSER_CART_KEY, JSON.stringify({ items }));
  else store.removeItem(BROWSER_CART_KEY);
  window.dispatchEvent(new Event(CHANGE_EVENT));
}

export function clearBrowserCart(): void {
  writeBrowserCart([]);
}

/** Other tabs announce changes with `storage`; this tab with its own event. */
export function subscribeBrowserCart(onChange: () => void): () => void {
  const onStorage = (e: StorageEvent) => {
    if (e.key === null || e.key === BROWSER_CART_KEY) onChange();
  };
  window.addEventListener("storage", onStorage);
  window.addEventListener(CHANGE_EVENT, onChange);
  return () => {
    window.removeEventListener("storage", onStorage);
    window.removeEventListener(CHANGE_EVENT, onChange);
  };
}

let mergePending = false;

/** True while this tab is moving its cart into the signed-in account's cart (the browser copy is then empty). */
export function browserCartMergePending(): boolean {
  return mergePending;
}

export function setBrowserCartMergePending(pending: boolean): void {
  mergePending = pending;
  if (typeof window !== "undefined") window.dispatchEvent(new Event(CHANGE_EVENT));
}

export type BrowserCartChange = { ok: true; quantity: number; capped: boolean } | { ok: false; detail: string };

/** Adds to a line (capped at `max`); a new line needs room in the cart. */
export function addToBrowserCart(productId: number, quantity: number, max: number): BrowserCartChange {
  const items = readBrowserCart();
  const cap = Math.min(max, CART_QUANTITY_LIMIT);
  const line = items.find((i) => i.product_id === productId);
  if (!line && items.length >= CART_MAX_LINES) return { ok: false, detail: `Your cart holds at most ${CART_MAX_LINES} different products.` };
  const wanted = (line?.quantity ?? 0) + quantity;
  const next = Math.min(wanted, cap);
  writeBrowserCart(line ? items.map((i) => (i === line ? { ...i, quantity: next } : i)) : [...items, { product_id: productId, quantity: next }]);
  return { ok: true, quantity: next, capped: next < wanted };
}

export function setBrowserCartQuantity(productId: number, quantity: number): void {
  writeBrowserCart(readBrowserCart().map((i) => (i.product_id === productId ? { ...i, quantity } : i)));
}

export function removeFromBrowserCart(productId: number): void {
  writeBrowserCart(readBrowserCart().filter((i) => i.product_id !== productId));
}
