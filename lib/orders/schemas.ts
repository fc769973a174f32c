import { z } from "zod";
import { ORDER_STATUSES } from "@/db/schema/orders";
import { env } from "@/lib/env";
import { paginationQuery } from "@/lib/http/pagination";

/** Accepts only a JSON integer (never "2" or 1.5: the original crashed or stored floats on those). */
const positiveInt = (what: string) =>
  z.number({ error: `${what} must be a whole number` }).int(`${what} must be a whole number`).positive(`${what} must be 1 or more`);

export const MAX_ORDER_LINES = 50;

export const orderItemSchema = z.strictObject({
  product_id: positiveInt("product_id").max(Number.MAX_SAFE_INTEGER),
  quantity: positiveInt("quantity").refine((q) => q <= env().SHOP_MAX_QUANTITY_PER_ITEM, {
    error: () => `quantity must be at most ${env().SHOP_MAX_QUANTITY_PER_ITEM}`,
  }),
});

const text = (max: number, label: string) => z.string({ error: `${label} is required` }).trim().min(1, `${label} is required`).max(max, `${label} must be at most ${max} characters`);

/** The shipping fields, shared by the checkout form, order creation and the shipping-details update. */
export const shippingFields = {
  shipping_address: text(500, "Address"),
  shipping_city: text(100, "City"),
  shipping_postal_code: text(20, "Postal code").regex(/^[A-Za-z0-9 -]+$/, "Postal code may hold letters, digits, spaces and -"),
  shipping_country: text(100, "Country"),
  contact_phone: z
    .string()
    .trim()
    .max(20, "Phone must be at most 20 characters")
    .regex(/^$|^\+?[0-9 ()-]{4,20}$/, "Phone may hold digits, spaces, ( ) - and a leading +")
    .default(""),
  notes: z.string().trim().max(2000, "Notes must be at most 2000 characters").default(""),
};

export const shippingDetailsSchema = z.strictObject(shippingFields);
export type ShippingDetails = z.output<typeof shippingDetailsSchema>;

/**
 * POST /api/orders/ body. Strict: `tax_rate`, `shipping_cost`, prices or totals in the body are refused with a 400
 * naming the field (the original took tax and shipping from the client).
 */
export const createOrderSchema = z.strictObject({
  items: z
    .array(orderItemSchema, { error: "items must be a list of {product_id, quantity}" })
    .min(1, "An order needs at least one item")
    .max(MAX_ORDER_LINES, `An order holds at most ${MAX_ORDER_LINES} different products`)
    .superRefine((items, ctx) => {
      const seen = new Set<number>();
      items.forEach((item, i) => {
        if (seen.has(item.product_id)) ctx.addIssue({ code: "custom", path: [i, "product_id"], message: `Duplicate product_id: ${item.product_id}` });
        seen.add(item.product_id);
      });
    }),
  ...shippingFields,
});
export type CreateOrderInput = z.output<typeof createOrderSchema>;

/** PATCH: any subset of the shipping details (only while PENDING); status changes have their own endpoints. */
export const patchOrderSchema = z
  .strictObject({
    shipping_address: shippingFields.shipping_address.optional(),
    shipping_city: shippingFields.shipping_city.optional(),
    shipping_postal_code: shippingFields.shipping_postal_code.optional(),
    shipping_country: shippingFields.shipping_country.optional(),
    contact_phone: shippingFields.contact_phone.unwrap().optional(),
    notes: shippingFields.notes.unwrap().optional(),
  })
  .refine((v) => Object.keys(v).length > 0, { error: "Send at least one shipping field to change" });
export type PatchOrderInput = z.output<typeof patchOrderSchema>;

export const orderStatusSchema = z.enum(ORDER_STATUSES, {
  error: () => `status must be one of ${ORDER_STATUSES.join(", ")}`,
});

export const updateStatusSchema = z.strictObject({
  status: z.preprocess((v) => (typeof v === "string" ? v.trim().toUpperCase() : v), orderStatusSchema),
});

export const orderIdParams = z.strictObject({ id: z.string().regex(/^\d{1,15}$/, "must be a numeric id").transform(Number) });

export const orderListQuery = z.strictObject({
  ...paginationQuery,
  status: z.preprocess((v) => (typeof v === "string" ? v.toUpperCase() : v), orderStatusSchema).optional(),
  customer: z.coerce.number<string>({ error: "must be a numeric id" }).int("must be a numeric id").positive("must be a numeric id").optional(),
  search: z.string().trim().max(100, "must be at most 100 characters").optional(),
});
export type OrderListQuery = z.output<typeof orderListQuery>;

/** Idempotency-Key: printable ASCII, 1–255 characters (Stripe's convention). */
export const idempotencyKeySchema = z.string().regex(/^[\x21-\x7e]{1,255}$/, "Idempotency-Key must be 1–255 printable ASCII characters");
