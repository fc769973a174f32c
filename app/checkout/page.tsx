import type { Metadata } from "next";
import Link from "next/link";
import { randomUUID } from "node:crypto";
import { connection } from "next/server";
import { Forbidden } from "@/components/forbidden";
import { CheckoutEmpty } from "@/components/storefront/checkout-empty";
import { OrderTotals } from "@/components/storefront/order-totals";
import { requirePermission } from "@/lib/auth/page-principal";
import { priceCart, serverCartItems } from "@/lib/cart/queries";
import { CheckoutForm } from "./checkout-client";

export const metadata: Metadata = { title: "Checkout", robots: { index: false } };

export default async function CheckoutPage() {
  await connection();
  const principal = await requirePermission("/checkout", "orders:create");
  if (!principal) return <Forbidden />;
  const summary = await priceCart(await serverCartItems(principal.userId));
  // one key per visit of this page: a double click or a retry of the same checkout cannot make a second order
  const idempotencyKey = randomUUID();
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-bold">Checkout</h1>
      {!summary.lines.length ? (
        <CheckoutEmpty />
      ) : (
        <div className="grid gap-6 lg:grid-cols-[1fr_22rem] lg:items-start">
          <section aria-labelledby="shipping-heading" className="rounded-lg border border-slate-200 bg-white p-4">
            <h2 id="shipping-heading" className="text-lg font-semibold">
              Shipping
            </h2>
            <CheckoutForm idempotencyKey={idempotencyKey} quotedTotal={summary.total} />
          </section>
          <aside aria-labelledby="order-summary-heading" className="space-y-4 rounded-lg border border-slate-200 bg-white p-4">
            <h2 id="order-summary-heading" className="text-lg font-semibold">
              Order summary
            </h2>
            <ul aria-label="Order items" className="divide-y divide-slate-100 text-sm">
              {summary.lines.map((l) => (
                <li key={l.product_id} className="flex justify-between gap-4 py-2">
                  <span className="min-w-0">
                    <span className="block truncate">{l.name}</span>
                    <span className="text-xs text-slate-500">
                      {l.quantity} × ${l.unit_price}
                    </span>
                    {l.quantity > l.stock_quantity && (
                      <span className="block text-xs text-amber-700">{l.stock_quantity > 0 ? `Only ${l.stock_quantity} left` : "Out of stock"}</span>
                    )}
                  </span>
                  <span className="tabular-nums">${l.line_total}</span>
                </li>
              ))}
            </ul>
            {summary.unavailable.length > 0 && (
              <p className="text-xs text-slate-600">
                {summary.unavailable.length === 1 ? "1 item in your cart is" : `${summary.unavailable.length} items in your cart are`} no longer
                sold and will not be ordered.
              </p>
            )}
            <OrderTotals subtotal={summary.subtotal} tax={summary.tax} shipping={summary.shipping} total={summary.total} />
            <Link href="/cart" className="inline-block text-sm text-brand-700 underline">
              Change your cart
            </Link>
          </aside>
        </div>
      )}
    </div>
  );
}
