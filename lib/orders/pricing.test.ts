import { describe, expect, it } from "vitest";
import { priceOrder, type PricingConfig } from "./pricing";

const config: PricingConfig = { taxRate: 1000, shippingFlatCents: 500, freeShippingOverCents: 5000 };

describe("priceOrder", () => {
  it("adds 10% tax and flat shipping under the free-shipping threshold", () => {
    expect(priceOrder([{ unitPriceCents: 1999, quantity: 2 }], config)).toEqual({ subtotal: 3998, tax: 400, shipping: 500, total: 4898 });
  });

  it("ships free from the threshold on", () => {
    expect(priceOrder([{ unitPriceCents: 2500, quantity: 2 }], config)).toEqual({ subtotal: 5000, tax: 500, shipping: 0, total: 5500 });
  });

  it("rounds tax half up to the cent, once, on the subtotal", () => {
    // 0.0825 × 1.06 = 0.08745 → 0.09; 0.0825 × 1.02 = 0.08415 → 0.08
    expect(priceOrder([{ unitPriceCents: 106, quantity: 1 }], { ...config, taxRate: 825 }).tax).toBe(9);
    expect(priceOrder([{ unitPriceCents: 102, quantity: 1 }], { ...config, taxRate: 825 }).tax).toBe(8);
    // 5 × 0.10 = 0.5 cent → 1 cent (half up)
    expect(priceOrder([{ unitPriceCents: 5, quantity: 1 }], config).tax).toBe(1);
  });

  it("keeps total = subtotal + tax + shipping exactly for large orders", () => {
    const t = priceOrder([{ unitPriceCents: 99_999_999, quantity: 100 }, { unitPriceCents: 1, quantity: 3 }], { ...config, taxRate: 1234 });
    expect(t.total).toBe(t.subtotal + t.tax + t.shipping);
    expect(t.subtotal).toBe(9_999_999_903);
  });

  it("charges no tax at a zero rate and never makes shipping free when the threshold is 0", () => {
    expect(priceOrder([{ unitPriceCents: 100_000, quantity: 1 }], { taxRate: 0, shippingFlatCents: 700, freeShippingOverCents: 0 })).toEqual({
      subtotal: 100_000,
      tax: 0,
      shipping: 700,
      total: 100_700,
    });
  });
});
