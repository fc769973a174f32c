import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/db/client";
import { cartItems, orders, products } from "@/db/schema";
import { resolvePrincipal, type Principal } from "@/lib/auth/principal";
import { placeOrderFromCart } from "@/lib/cart/checkout";
import { addToCart, clearCart, mergeIntoCart, removeFromCart, setCartQuantity } from "@/lib/cart/mutations";
import { priceCart, serverCartItems } from "@/lib/cart/queries";
import { ApiError } from "@/lib/http/problem";
import { bearerFor } from "@/tests/helpers/auth";
import { createProduct, createUser } from "@/tests/helpers/factories";
import { setupTestDatabase } from "@/tests/helpers/test-db";

setupTestDatabase();

const meta = { ip: "198.51.100.20", userAgent: "vitest", requestId: null };
const shipping = { shipping_address: "1 Test Street", shipping_city: "Testville", shipping_postal_code: "12345", shipping_country: "Testland", contact_phone: "", notes: "" };

let seller: { id: number };
let alice: { id: number };
let bob: { id: number };
let alicePrincipal: Principal;

async function principalOf(user: { id: number }): Promise<Principal> {
  const { headers } = await bearerFor(user);
  const principal = await resolvePrincipal(new Request("http://localhost/", { headers }));
  if (!principal) throw new Error("no principal");
  return principal;
}

async function expectApiError(promise: Promise<unknown>, code: string, detail?: RegExp): Promise<ApiError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ApiError);
  expect((error as ApiError).code).toBe(code);
  if (detail) expect((error as ApiError).detail).toMatch(detail);
  return error as ApiError;
}

beforeAll(async () => {
  seller = await createUser({ roles: ["SELLER", "CUSTOMER"] });
  alice = await createUser();
  bob = await createUser();
  alicePrincipal = await principalOf(alice);
});

describe("the signed-in cart (cart_items)", () => {
  it("adds up quantities per product, capped at SHOP_MAX_QUANTITY_PER_ITEM (100), and keeps carts apart", async () => {
    const p = await createProduct(seller.id, { stockQuantity: 500 });
    expect(await addToCart(alice.id, { product_id: p.id, quantity: 60 })).toEqual({ quantity: 60, capped: false });
    expect(await addToCart(alice.id, { product_id: p.id, quantity: 60 })).toEqual({ quantity: 100, capped: true });
    await addToCart(bob.id, { product_id: p.id, quantity: 1 });
    expect((await serverCartItems(bob.id)).find((i) => i.product_id === p.id)?.quantity).toBe(1);
    await removeFromCart(alice.id, p.id);
    expect((await serverCartItems(alice.id)).some((i) => i.product_id === p.id)).toBe(false);
    expect((await serverCartItems(bob.id)).some((i) => i.product_id === p.id)).toBe(true);
    await clearCart(bob.id);
  });

  it("refuses a product that is not sold, a quantity above the cap, and a 51st product", async () => {
    const inactive = await createProduct(seller.id, { isActive: false });
    await expectApiError(addToCart(alice.id, { product_id: inactive.id, quantity: 1 }), "not_found");
    await expectApiError(addToCart(alice.id, { product_id: 9_999_999, quantity: 1 }), "not_found");
    const p = await createProduct(seller.id);
    const tooMany = await expectApiError(setCartQuantity(alice.id, { product_id: p.id, quantity: 101 }), "validation_error");
    expect(tooMany.options.errors).toHaveProperty("quantity");
    const many = await Promise.all(Array.from({ length: 50 }, () => createProduct(seller.id)));
    for (const m of many) await setCartQuantity(alice.id, { product_id: m.id, quantity: 1 });
    await expectApiError(addToCart(alice.id, { product_id: p.id, quantity: 1 }), "validation_error", /at most 50/);
    await clearCart(alice.id);
    expect(await serverCartItems(alice.id)).toEqual([]);
  });

  it("merges a browser cart on sign-in: quantities add up (capped), products no longer sold are dropped", async () => {
    const kept = await createProduct(seller.id);
    const gone = await createProduct(seller.id, { isActive: false });
    await setCartQuantity(alice.id, { product_id: kept.id, quantity: 98 });
    const result = await mergeIntoCart(alice.id, [
      { product_id: kept.id, quantity: 5 },
      { product_id: gone.id, quantity: 1 },
      { product_id: 8_888_888, quantity: 1 },
    ]);
    expect(result).toEqual({ merged: 1, dropped: 2 });
    expect(await serverCartItems(alice.id)).toEqual([{ product_id: kept.id, quantity: 100 }]);
    await clearCart(alice.id);
  });

  it("prices a cart from the products table, listing unavailable lines apart", async () => {
    const a = await createProduct(seller.id, { price: "12.50" });
    const b = await createProduct(seller.id, { price: "3.00" });
    const gone = await createProduct(seller.id, { isActive: false });
    const summary = await priceCart([
      { product_id: a.id, quantity: 2 },
      { product_id: b.id, quantity: 1 },
      { product_id: gone.id, quantity: 1 },
    ]);
    expect(summary.lines.map((l) => [l.product_id, l.unit_price, l.line_total])).toEqual([
      [a.id, "12.50", "25.00"],
      [b.id, "3.00", "3.00"],
    ]);
    expect(summary.unavailable.map((u) => u.product_id)).toEqual([gone.id]);
    // defaults: 10% tax, 5.00 shipping under 50.00
    expect({ subtotal: summary.subtotal, tax: summary.tax, shipping: summary.shipping, total: summary.total }).toEqual({ subtotal: "28.00", tax: "2.80", shipping: "5.00", total: "35.80" });
  });
});

describe("checkout from the server cart", () => {
  it("places the order from the cart, empties the ordered lines, and a retry with the same key returns the same order", async () => {
    const p = await createProduct(seller.id, { price: "20.00", stockQuantity: 5 });
    await setCartQuantity(alice.id, { product_id: p.id, quantity: 2 });
    const orderId = await placeOrderFromCart(alicePrincipal, shipping, "checkout-key-1", meta);
    const [order] = await db().select().from(orders).where(eq(orders.id, orderId));
    expect(order).toMatchObject({ customerId: alice.id, subtotal: "40.00", taxAmount: "4.00", shippingCost: "5.00", totalAmount: "49.00" });
    expect(await serverCartItems(alice.id)).toEqual([]);
    expect(await placeOrderFromCart(alicePrincipal, shipping, "checkout-key-1", meta)).toBe(orderId);
    const [stock] = await db().select({ s: products.stockQuantity }).from(products).where(eq(products.id, p.id));
    expect(stock!.s).toBe(3);
  });

  it("refuses to charge a total other than the one the checkout page showed (a price changed in between)", async () => {
    const p = await createProduct(seller.id, { price: "10.00", stockQuantity: 5 });
    await setCartQuantity(alice.id, { product_id: p.id, quantity: 1 });
    const quoted = (await priceCart(await serverCartItems(alice.id))).total;
    expect(quoted).toBe("16.00");
    await db().update(products).set({ price: "9999.99" }).where(eq(products.id, p.id));
    const error = await expectApiError(placeOrderFromCart(alicePrincipal, shipping, "checkout-key-price", meta, quoted), "conflict", /Prices changed/);
    expect(error.options.extensions).toMatchObject({ quoted_total: "16.00", total: "10999.99" });
    const [stock] = await db().select({ s: products.stockQuantity }).from(products).where(eq(products.id, p.id));
    expect(stock!.s).toBe(5);
    // at the total now shown, the same page key places the order
    const orderId = await placeOrderFromCart(alicePrincipal, shipping, "checkout-key-price", meta, "10999.99");
    const [order] = await db().select().from(orders).where(eq(orders.id, orderId));
    expect(order!.totalAmount).toBe("10999.99");
  });

  it("keeps the cart and names the product when stock is short; an empty cart cannot check out", async () => {
    const p = await createProduct(seller.id, { name: "Last Lamp", stockQuantity: 1 });
    await setCartQuantity(alice.id, { product_id: p.id, quantity: 3 });
    const error = await expectApiError(placeOrderFromCart(alicePrincipal, shipping, "checkout-key-2", meta), "conflict", /Only 1 of .*Last Lamp/);
    expect(error.options.extensions).toMatchObject({ product_id: p.id, available: 1 });
    expect(await serverCartItems(alice.id)).toEqual([{ product_id: p.id, quantity: 3 }]);
    expect(await db().select().from(orders).where(and(eq(orders.customerId, alice.id), eq(orders.status, "PENDING")))).toHaveLength(2); // the two placed above, none for this cart
    await clearCart(alice.id);
    await expectApiError(placeOrderFromCart(alicePrincipal, shipping, "checkout-key-3", meta), "validation_error", /cart is empty/);
    expect(await db().select().from(cartItems).where(eq(cartItems.userId, alice.id))).toEqual([]);
  });
});
