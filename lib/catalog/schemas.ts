import { z } from "zod";
import { paginationQuery } from "@/lib/http/pagination";
import { boolParam } from "@/lib/http/query-params";
import { MONEY_PATTERN } from "@/lib/money";

export const PRODUCT_ORDERING_FIELDS = ["name", "price", "created_at", "stock_quantity"] as const;
const orderingTerm = z.enum(PRODUCT_ORDERING_FIELDS.flatMap((f) => [f, `-${f}`]) as [string, ...string[]]);


export const idParam = z.coerce.number<string>({ error: "must be a numeric id" }).int("must be a whole number").positive("must be a positive id").max(Number.MAX_SAFE_INTEGER);
const moneyParam = z.string().regex(MONEY_PATTERN, "must be an amount like 12.50");

export const productIdParams = z.strictObject({ id: z.string().regex(/^\d{1,15}$/, "must be a numeric id").transform(Number) });

export const productListQuery = z.strictObject({
  ...paginationQuery,
  search: z.string().trim().max(200, "must be at most 200 characters").optional(),
  ordering: z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (!v) return [] as string[];
      const terms = v.split(",").map((t) => t.trim()).filter(Boolean);
      for (const t of terms) {
        if (!orderingTerm.safeParse(t).success) {
          ctx.addIssue({ code: "custom", message: `unknown ordering '${t}': use ${PRODUCT_ORDERING_FIELDS.join(", ")} (prefix - for descending)` });
          return z.NEVER;
        }
      }
      return terms;
    }),
  seller: idParam.optional(),
  is_featured: boolParam.optional(),
  is_active: boolParam.optional(),
  in_stock: boolParam.optional(),
  low_stock: boolParam.optional(),
  min_price: moneyParam.optional(),
  max_price: moneyParam.optional(),
  category: z.string().regex(/^[a-z0-9-]{1,100}$/, "must be a category slug").optional(),
});

export type ProductListQuery = z.output<typeof productListQuery>;

/**
 * ASCII letters, digits, - and _ only, then uppercased: normalised before the uniqueness check, so case variants
 * collide. Checked before uppercasing, since toUpperCase turns some non-ASCII letters into ASCII ("ß" → "SS").
 */
export const skuSchema = z
  .string({ error: "SKU is required" })
  .trim()
  .regex(/^[A-Za-z0-9_-]{1,100}$/, "SKU may hold only letters A–Z, digits, - and _ (1–100 characters)")
  .toUpperCase();

/** A price as "12.50" or 12.5: more than 0, at most 2 decimals, kept as an exact string. */
export const priceSchema = z
  .union([z.string(), z.number()], { error: "Price is required" })
  .transform((v, ctx) => {
    const text = typeof v === "number" ? (Number.isFinite(v) ? String(v) : "") : v.trim();
    if (!MONEY_PATTERN.test(text)) {
      ctx.addIssue({ code: "custom", message: "Price must be an amount like 12.50 (at most 2 decimals)" });
      return z.NEVER;
    }
    if (!/[1-9]/.test(text)) {
      ctx.addIssue({ code: "custom", message: "Price must be greater than zero." });
      return z.NEVER;
    }
    return text;
  });

export const MAX_STOCK = 1_000_000;
const stockSchema = z.number({ error: "must be a whole number" }).int("must be a whole number").min(0, "cannot be negative").max(MAX_STOCK, `must be at most ${MAX_STOCK}`);

/** The writable product fields, shared by the seller console form and the API. */
export const productFields = {
  name: z.string({ error: "Name is required" }).trim().min(1, "Name is required").max(200, "Name must be at most 200 characters"),
  description: z.string().max(5000, "Description must be at most 5000 characters").default(""),
  sku: skuSchema,
  price: priceSchema,
  stock_quantity: stockSchema.default(0),
  low_stock_threshold: stockSchema.default(5),
  is_active: z.boolean({ error: "must be true or false" }).default(true),
  is_featured: z.boolean({ error: "must be true or false" }).default(false),
  category: z.string().regex(/^[a-z0-9-]{1,100}$/, "must be a category slug").nullable().default(null),
  /** The id of a product_image (or image) file the seller uploaded; null removes the image. */
  image_file: z.number({ error: "must be a file id" }).int("must be a file id").positive("must be a file id").max(Number.MAX_SAFE_INTEGER).nullable().default(null),
};

export const createProductSchema = z.strictObject(productFields);
export type ProductInput = z.output<typeof createProductSchema>;

/** PATCH: any subset of the fields (no defaults applied: an absent field stays as it is). */
const optionalProductFields = {
  name: productFields.name.optional(),
  description: productFields.description.unwrap().optional(),
  sku: skuSchema.optional(),
  price: priceSchema.optional(),
  stock_quantity: stockSchema.optional(),
  low_stock_threshold: stockSchema.optional(),
  is_active: productFields.is_active.unwrap().optional(),
  is_featured: productFields.is_featured.unwrap().optional(),
  category: productFields.category.unwrap().optional(),
  image_file: productFields.image_file.unwrap().optional(),
};

export const patchProductSchema = z
  .strictObject(optionalProductFields)
  .refine((v) => Object.keys(v).length > 0, { error: "Send at least one field to change" });
export type ProductPatch = z.output<typeof patchProductSchema>;

/**
 * PUT as DRF does it: the required fields must be sent; an optional field left out keeps its current value (it is
 * not reset to the create default — a PUT without stock_quantity must not zero the stock).
 */
export const putProductSchema = z.strictObject({ ...optionalProductFields, name: productFields.name, sku: skuSchema, price: priceSchema });

/** update_stock: the original's absolute `quantity`, or a signed `delta` — exactly one. */
export const updateStockSchema = z
  .strictObject({
    quantity: z.number({ error: "Invalid quantity value." }).int("Invalid quantity value.").min(0, "Quantity cannot be negative.").max(MAX_STOCK, `Quantity must be at most ${MAX_STOCK}`).optional(),
    delta: z.number({ error: "Invalid delta value." }).int("Invalid delta value.").min(-MAX_STOCK).max(MAX_STOCK).refine((d) => d !== 0, "delta cannot be 0").optional(),
  })
  .superRefine((v, ctx) => {
    // named fields, not non_field_errors, so clients (and the seller form) can show the message by the input
    if (v.quantity === undefined && v.delta === undefined) {
      ctx.addIssue({ code: "custom", path: ["quantity"], message: "Quantity is required. Send either quantity (absolute) or delta (signed change)." });
    } else if (v.quantity !== undefined && v.delta !== undefined) {
      for (const field of ["quantity", "delta"]) ctx.addIssue({ code: "custom", path: [field], message: "Send either quantity (absolute) or delta (signed change), not both." });
    }
  });
export type UpdateStockInput = z.output<typeof updateStockSchema>;
