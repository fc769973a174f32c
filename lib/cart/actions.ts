"use server";

import { refresh } from "next/cache";
import { actionFailure, actionTooMany, parseInput, runUserAction, type ActionFailure } from "@/lib/http/server-action";
import { addToCart, clearCart, mergeIntoCart, removeFromCart, setCartQuantity } from "./mutations";
import { priceCart } from "./queries";
import type { CartSummary } from "./types";
import { z } from "zod";
import { cartItemSchema, cartItemsInputSchema, productRefSchema } from "./schemas";

/**
 * The cart's server actions. The signed-in user's cart is cart_items (permission orders:create); an anonymous
 * visitor's cart stays in the browser and only asks the server for prices. Each write refreshes the page so the
 * header's count and the cart follow.
 */

export type CartChangeResult = { ok: true; detail: string; quantity: number } | ActionFailure;
export type CartResult = { ok: true; detail: string } | ActionFailure;
export type PricedCartResult = { ok: true; summary: CartSummary } | ActionFailure;

export async function addToCartAction(input: unknown): Promise<CartChangeResult> {
  return runUserAction({ schema: cartItemSchema, input, permission: "orders:create", limits: ["cart.write"], context: "add to cart" }, async ({ principal, input }) => {
    const { quantity, capped } = await addToCart(principal.userId, input);
    refresh();
    const detail = capped ? `Your cart now holds the most allowed per product: ${quantity}.` : `Added to your cart (${quantity} in cart).`;
    return { ok: true as const, detail, quantity };
  });
}

export async function setCartQuantityAction(input: unknown): Promise<CartChangeResult> {
  return runUserAction({ schema: cartItemSchema, input, permission: "orders:create", limits: ["cart.write"], context: "set cart quantity" }, async ({ principal, input }) => {
    const quantity = await setCartQuantity(principal.userId, input);
    refresh();
    return { ok: true as const, detail: "Quantity updated.", quantity };
  });
}

export async function removeFromCartAction(input: unknown): Promise<CartResult> {
  return runUserAction({ schema: productRefSchema, input, permission: "orders:create", limits: ["cart.write"], context: "remove from cart" }, async ({ principal, input }) => {
    await removeFromCart(principal.userId, input.product_id);
    refresh();
    return { ok: true as const, detail: "Removed from your cart." };
  });
}

export async function clearCartAction(input: unknown): Promise<CartResult> {
  return runUserAction({ schema: z.strictObject({}), input, permission: "orders:create", limits: ["cart.write"], context: "clear cart" }, async ({ principal }) => {
    await clearCart(principal.userId);
    refresh();
    return { ok: true as const, detail: "Your cart is empty." };
  });
}

/** On sign-in: the browser's cart is added to the user's cart (the browser clears its copy after success). */
export async function mergeCartAction(input: unknown): Promise<CartResult> {
  return runUserAction({ schema: cartItemsInputSchema, input, permission: "orders:create", limits: ["cart.write"], context: "merge cart" }, async ({ principal, input }) => {
    const { merged, dropped } = await mergeIntoCart(principal.userId, input.items);
    refresh();
    const detail = dropped ? `${merged} products from your visit were added to your cart; ${dropped} could not be.` : `${merged} products from your visit were added to your cart.`;
    return { ok: true as const, detail };
  });
}

/**
 * Current prices for an anonymous visitor's cart. Public and read-only: the input is only a list of ids and
 * quantities (validated), the answer holds only what the catalogue already shows.
 */
export async function priceBrowserCartAction(input: unknown): Promise<PricedCartResult> {
  const refused = await actionTooMany(["cart.price"]);
  if (refused) return refused;
  const parsed = parseInput(cartItemsInputSchema, input);
  if (!parsed.ok) return parsed.failure;
  try {
    return { ok: true, summary: await priceCart(parsed.data.items) };
  } catch (error) {
    return actionFailure(error, "price browser cart");
  }
}
