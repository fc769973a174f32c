"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { ApiError } from "@/lib/http/problem";
import { runUserAction, type ActionResult, type ActionState } from "@/lib/http/server-action";
import { productEtag } from "./etag";
import { createProduct, deactivateProduct, updateProduct, updateStock } from "./mutations";
import { createProductSchema, idParam, patchProductSchema, updateStockSchema } from "./schemas";

/**
 * The seller console's product actions. Each is a public POST endpoint: runUserAction re-reads the principal,
 * checks the permission and the API's named rate limits, and parses the input with the API's own schemas; the
 * owner check lives inside the mutations (someone else's product is "Not found.").
 */

const TEXT_FIELDS = ["name", "description", "sku", "price"] as const;
const INT_FIELDS = ["stock_quantity", "low_stock_threshold"] as const;
const CHECKBOX_FIELDS = ["is_active", "is_featured"] as const;

/** A whole number typed into a form → number; anything else stays a string, so the schema names the field. */
function intField(value: FormDataEntryValue | null): unknown {
  if (typeof value !== "string") return value ?? undefined;
  const text = value.trim();
  return /^[+-]?\d{1,16}$/.test(text) ? Number(text) : text;
}

/**
 * FormData → the typed input the shared schemas expect: numbers for the counts, booleans for the checkboxes and
 * null for "no category". A checkbox is only read when the form says it rendered it (`checkboxes`), because an
 * unticked box sends nothing: without that, a seller's form (which has no "featured" box) would un-feature a product.
 */
function productFormInput(formData: FormData): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of TEXT_FIELDS) if (formData.has(key)) out[key] = formData.get(key);
  for (const key of INT_FIELDS) if (formData.has(key)) out[key] = intField(formData.get(key));
  const rendered = formData.getAll("checkboxes");
  for (const key of CHECKBOX_FIELDS) if (rendered.includes(key)) out[key] = formData.get(key) === "on";
  if (formData.has("category")) {
    const category = formData.get("category");
    out.category = category === "" ? null : category;
  }
  return out;
}

/** What the seller typed, to refill the form after a failure (the description may be long; nothing here is secret). */
function echoProduct(formData: FormData): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of [...TEXT_FIELDS, ...INT_FIELDS, "category"]) {
    const value = formData.get(key);
    if (typeof value === "string") out[key] = value.slice(0, 5000);
  }
  const rendered = formData.getAll("checkboxes");
  for (const key of CHECKBOX_FIELDS) if (rendered.includes(key)) out[key] = formData.get(key) === "on" ? "on" : "";
  return out;
}

const productRef = z.strictObject({ id: idParam, version: idParam.optional() });

/**
 * The product id (and the version the edit form loaded) from hidden fields; a tampered id is simply "Not found.".
 * Without a version there is no precondition, as for an API call without If-Match.
 */
function refFrom(formData: FormData): { id: number; version?: number } {
  const version = formData.get("version");
  const parsed = productRef.safeParse({ id: formData.get("product_id") ?? "", ...(version === null ? {} : { version }) });
  if (!parsed.success) throw new ApiError("not_found", "Not found.");
  return parsed.data;
}

const STALE =
  "This product changed since you loaded it (someone saved it, its stock moved or an order came in). Reload the page to see the current values, then make your change again.";

function withValues(result: ActionResult, formData: FormData): ActionResult {
  if (result.ok) return result;
  const detail = result.code === "precondition_failed" ? STALE : result.detail;
  return { ...result, detail, values: echoProduct(formData) };
}

function revalidateProduct(id?: number): void {
  revalidatePath("/seller");
  if (id) revalidatePath(`/seller/products/${id}/edit`);
}

/** Create a product owned by the caller; on success go back to the list, which names the new product. */
export async function createProductAction(_state: ActionState, formData: FormData): Promise<ActionResult> {
  const result = await runUserAction(
    { schema: createProductSchema, input: productFormInput(formData), permission: "products:write", limits: ["products.create.user", "products.create.ip"], context: "create product" },
    async ({ principal, input, meta }) => {
      const product = await createProduct(principal, input, meta);
      return { ok: true as const, detail: `Product ${product.sku} created.`, sku: product.sku };
    },
  );
  if (!result.ok) return withValues(result, formData);
  revalidateProduct();
  // outside the try of runUserAction: redirect() works by throwing
  redirect(`/seller?created=${encodeURIComponent(result.sku)}`);
}

/** Save the edit form, only if the product is still the version the form loaded (else a clear "changed" error). */
export async function updateProductAction(_state: ActionState, formData: FormData): Promise<ActionResult> {
  const result = await runUserAction(
    { schema: patchProductSchema, input: productFormInput(formData), permission: "products:write", limits: ["products.update"], context: "update product" },
    async ({ principal, input, meta }): Promise<ActionResult> => {
      const { id, version } = refFrom(formData);
      const product = await updateProduct(principal, id, input, version === undefined ? null : productEtag(version), meta);
      revalidateProduct(id);
      return { ok: true, detail: `Saved ${product.sku}.` };
    },
  );
  return withValues(result, formData);
}

/**
 * Quick stock change from the list: "add" and "remove" send a signed `delta` (atomic, so an order placed meanwhile
 * is not overwritten), "set" an absolute `quantity`. The amount must be a whole number of 0 or more.
 */
function stockFormInput(formData: FormData): Record<string, unknown> {
  const raw = intField(formData.get("amount"));
  const amount = typeof raw === "number" && raw < 0 ? Number.NaN : raw;
  switch (formData.get("mode")) {
    case "set":
      return { quantity: amount };
    case "add":
      return { delta: amount };
    case "remove":
      return { delta: typeof amount === "number" ? -amount : amount };
    default:
      return {};
  }
}

export async function adjustStockAction(_state: ActionState, formData: FormData): Promise<ActionResult> {
  return runUserAction(
    { schema: updateStockSchema, input: stockFormInput(formData), permission: "products:write", limits: ["products.update_stock"], context: "update stock" },
    async ({ principal, input, meta }): Promise<ActionResult> => {
      const { id } = refFrom(formData);
      const product = await updateStock(principal, id, input, null, meta);
      revalidateProduct(id);
      return { ok: true, detail: `Stock is now ${product.stockQuantity}.` };
    },
  );
}

const activeSchema = z.strictObject({ is_active: z.enum(["true", "false"]).transform((v) => v === "true") });

/** Deactivate (the API's soft delete: off the storefront, orders kept) or reactivate one of the caller's products. */
export async function setProductActiveAction(_state: ActionState, formData: FormData): Promise<ActionResult> {
  const wanted = formData.get("is_active") === "true";
  return runUserAction(
    { schema: activeSchema, input: { is_active: formData.get("is_active") }, permission: "products:write", limits: [wanted ? "products.update" : "products.delete"], context: "set product active" },
    async ({ principal, input, meta }): Promise<ActionResult> => {
      const { id } = refFrom(formData);
      if (input.is_active) await updateProduct(principal, id, { is_active: true }, null, meta);
      else await deactivateProduct(principal, id, null, meta);
      revalidateProduct(id);
      return { ok: true, detail: input.is_active ? "Product reactivated: it is back on the storefront." : "Product deactivated: it is hidden from the storefront." };
    },
  );
}
