import type { APIRequestContext } from "@playwright/test";
import { expect } from "../fixtures";
import type { NewUser } from "./auth";

export type ApiProduct = { id: number; name: string; sku: string; price: string; stock_quantity: number };

/** The first active product of a catalogue query (e.g. `in_stock=true&ordering=-stock_quantity`). */
export async function firstProduct(request: APIRequestContext, query: string): Promise<ApiProduct> {
  const res = await request.get(`/api/products/?page_size=1&${query}`);
  expect(res.status()).toBe(200);
  const body = (await res.json()) as { results: ApiProduct[] };
  const product = body.results[0];
  if (!product) throw new Error(`no product for ${query}`);
  return product;
}

export async function productStock(request: APIRequestContext, id: number): Promise<number> {
  const res = await request.get(`/api/products/${id}/`);
  expect(res.status()).toBe(200);
  return ((await res.json()) as ApiProduct).stock_quantity;
}

/** A fresh customer account through the API (no browser session is created). */
export async function registerByApi(request: APIRequestContext, user: NewUser): Promise<void> {
  const res = await request.post("/api/auth/register/", {
    data: { email: user.email, username: user.username, first_name: user.firstName, last_name: user.lastName, password: user.password, password_confirm: user.password },
  });
  expect(res.status(), await res.text()).toBe(201);
}

const cents = (money: string) => Math.round(Number(money) * 100);
const money = (c: number) => `${Math.floor(c / 100)}.${String(c % 100).padStart(2, "0")}`;

/**
 * What the server should charge with the default SHOP_* settings the e2e server runs with (10 % tax rounded half
 * up on the subtotal, 5.00 shipping, free from 50.00) — an independent computation to hold the server's against.
 */
export function expectedTotals(unitPrice: string, quantity: number) {
  const subtotal = cents(unitPrice) * quantity;
  const tax = Math.floor((subtotal * 10 + 50) / 100);
  const shipping = subtotal >= 5000 ? 0 : 500;
  return { subtotal: money(subtotal), tax: money(tax), shipping: money(shipping), total: money(subtotal + tax + shipping) };
}
