import { env } from "@/lib/env";

export type PricingConfig = {
  /** Tax rate in ten-thousandths (0.10 → 1000). */
  taxRate: number;
  shippingFlatCents: number;
  /** Subtotal from which shipping is free; 0 = never free. */
  freeShippingOverCents: number;
};

export type OrderTotals = { subtotal: number; tax: number; shipping: number; total: number };

export function pricingConfig(): PricingConfig {
  const e = env();
  return { taxRate: e.SHOP_TAX_RATE, shippingFlatCents: e.SHOP_SHIPPING_FLAT, freeShippingOverCents: e.SHOP_FREE_SHIPPING_OVER };
}

/**
 * The server's price of an order, in integer cents: nothing here ever comes from the client. Tax is rounded half up
 * to the cent once, on the subtotal, so total = subtotal + tax + shipping holds exactly in the stored columns.
 */
export function priceOrder(lines: { unitPriceCents: number; quantity: number }[], config: PricingConfig = pricingConfig()): OrderTotals {
  const subtotal = lines.reduce((sum, l) => sum + l.unitPriceCents * l.quantity, 0);
  if (!Number.isSafeInteger(subtotal)) throw new RangeError("order subtotal out of range");
  // BigInt keeps subtotal × rate exact far beyond 2^53
  const tax = Number((BigInt(subtotal) * BigInt(config.taxRate) * 2n + 10_000n) / 20_000n);
  const freeShipping = config.freeShippingOverCents > 0 && subtotal >= config.freeShippingOverCents;
  const shipping = subtotal === 0 || freeShipping ? 0 : config.shippingFlatCents;
  return { subtotal, tax, shipping, total: subtotal + tax + shipping };
}
