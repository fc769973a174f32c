/** What the server answers about a cart (safe for the browser: catalogue data and server-computed amounts). */

export type CartLine = {
  product_id: number;
  name: string;
  sku: string;
  unit_price: string;
  quantity: number;
  line_total: string;
  stock_quantity: number;
};
/** A product that is gone or no longer sold: shown so the shopper understands, never priced or ordered. */
export type UnavailableLine = { product_id: number; name: string | null; quantity: number };

export type CartSummary = {
  lines: CartLine[];
  unavailable: UnavailableLine[];
  item_count: number;
  subtotal: string;
  tax: string;
  shipping: string;
  total: string;
};
