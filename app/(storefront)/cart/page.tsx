import type { Metadata } from "next";
import { BrowserCart } from "@/components/storefront/browser-cart";
import { ServerCart } from "@/components/storefront/server-cart";
import { currentPrincipal } from "@/lib/auth/page-principal";
import { priceCart, serverCartItems } from "@/lib/cart/queries";
import { env } from "@/lib/env";

export const metadata: Metadata = { title: "Your cart", robots: { index: false } };

/** Signed in: the account's cart, priced here. Anonymous: the browser's cart, priced by a server action. */
export default async function CartPage() {
  const principal = await currentPrincipal();
  const maxQuantity = env().SHOP_MAX_QUANTITY_PER_ITEM;
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-bold">Your cart</h1>
      {!principal ? (
        <BrowserCart maxQuantity={maxQuantity} />
      ) : principal.permissions.has("orders:create") ? (
        <ServerCart summary={await priceCart(await serverCartItems(principal.userId))} maxQuantity={maxQuantity} />
      ) : (
        <p role="alert" className="rounded border border-amber-200 bg-amber-50 p-4 text-amber-900">
          This account cannot place orders.
        </p>
      )}
    </div>
  );
}
