import { and, eq, type SQL } from "drizzle-orm";
import { db, type Tx } from "@/db/client";
import { isUniqueViolation } from "@/db/errors";
import { categories, files, products } from "@/db/schema";
import { audit } from "@/lib/audit/write";
import type { Principal } from "@/lib/auth/principal";
import { ApiError } from "@/lib/http/problem";
import type { RequestMeta } from "@/lib/security/request-meta";
import { enqueueWebhookEvent } from "@/lib/webhooks/enqueue";
import { assertIfMatch } from "./etag";
import { getProductOrThrow, type ProductRow } from "./queries";
import { MAX_STOCK, type ProductInput, type ProductPatch, type UpdateStockInput } from "./schemas";

const SKU_TAKEN = "A product with this SKU already exists.";

function ownership(principal: Principal): SQL | undefined {
  return principal.permissions.has("products:manage") ? undefined : eq(products.sellerId, principal.userId);
}

async function categoryId(tx: Tx, slug: string | null | undefined): Promise<number | null | undefined> {
  if (slug === undefined || slug === null) return slug;
  const [row] = await tx.select({ id: categories.id }).from(categories).where(eq(categories.slug, slug));
  if (!row) throw new ApiError("validation_error", `Unknown category '${slug}'.`, { errors: { category: [`Unknown category '${slug}'.`] } });
  return row.id;
}

const IMAGE_TYPES = ["product_image", "image"];

/**
 * A product image must be an image file uploaded by the product's seller (an admin may attach any), not rejected.
 * Attaching makes it public, so the storefront may show it once released; until then no one but its owner and
 * admins can download it.
 */
async function imageFileId(tx: Tx, principal: Principal, sellerId: number, id: number | null | undefined): Promise<number | null | undefined> {
  if (id === undefined || id === null) return id;
  const [file] = await tx.select({ uploadedBy: files.uploadedBy, fileType: files.fileType, status: files.status }).from(files).where(eq(files.id, id)).for("update");
  const mayUse = file && (file.uploadedBy === sellerId || principal.permissions.has("products:manage"));
  if (!file || !mayUse) throw new ApiError("validation_error", "No such image among your files.", { errors: { image_file: ["No such image among your files."] } });
  if (!IMAGE_TYPES.includes(file.fileType)) throw new ApiError("validation_error", "This file is not an image.", { errors: { image_file: ["Upload the image with file_type product_image."] } });
  if (file.status === "rejected") throw new ApiError("validation_error", "This image was rejected by moderation.", { errors: { image_file: ["This image was rejected by moderation."] } });
  await tx.update(files).set({ isPublic: true, updatedAt: new Date() }).where(eq(files.id, id));
  return id;
}

function assertMayFeature(principal: Principal, wantsFeatured: boolean | undefined, current = false): void {
  if (wantsFeatured !== undefined && wantsFeatured !== current && !principal.permissions.has("products:manage")) {
    throw new ApiError("forbidden", "Only admins can feature products on the storefront.", { errors: { is_featured: ["Only admins can feature products."] } });
  }
}

function skuConflict(error: unknown): never {
  if (isUniqueViolation(error, "products_sku_unique")) {
    throw new ApiError("conflict", SKU_TAKEN, { errors: { sku: [SKU_TAKEN] } });
  }
  throw error;
}

/** The caller's product, locked for the rest of the transaction; someone else's (or a missing one) is 404. */
async function lockOwnProduct(tx: Tx, principal: Principal, id: number) {
  const [row] = await tx.select().from(products).where(and(eq(products.id, id), ownership(principal))).for("update");
  if (!row) throw new ApiError("not_found", "Not found.");
  return row;
}

const lowStock = (stock: number, threshold: number) => stock <= threshold;

async function auditLowStock(tx: Tx, principal: Principal, meta: RequestMeta, before: { stock: number; threshold: number }, after: { id: number; stock: number; threshold: number; sellerId: number }) {
  if (lowStock(after.stock, after.threshold) && !lowStock(before.stock, before.threshold)) {
    await audit({ action: "PRODUCT_LOW_STOCK", targetType: "PRODUCT", targetId: after.id, result: "SUCCESS", actorUserId: principal.userId, meta, metadata: { stock_quantity: after.stock, low_stock_threshold: after.threshold, seller: after.sellerId } }, tx);
    await enqueueWebhookEvent(tx, { type: "product.low_stock", productId: after.id });
  }
}

export async function createProduct(principal: Principal, input: ProductInput, meta: RequestMeta): Promise<ProductRow> {
  assertMayFeature(principal, input.is_featured);
  try {
    return await db().transaction(async (tx) => {
      const [row] = await tx
        .insert(products)
        .values({
          name: input.name,
          description: input.description,
          sku: input.sku,
          price: input.price,
          stockQuantity: input.stock_quantity,
          lowStockThreshold: input.low_stock_threshold,
          isActive: input.is_active,
          isFeatured: input.is_featured,
          categoryId: await categoryId(tx, input.category),
          imageFileId: await imageFileId(tx, principal, principal.userId, input.image_file),
          sellerId: principal.userId,
        })
        .returning({ id: products.id });
      await audit({ action: "PRODUCT_CREATE", targetType: "PRODUCT", targetId: row!.id, result: "SUCCESS", actorUserId: principal.userId, meta, metadata: { sku: input.sku, price: input.price, stock_quantity: input.stock_quantity } }, tx);
      return getProductOrThrow(principal, row!.id, tx);
    });
  } catch (error) {
    return skuConflict(error);
  }
}

const FIELD_COLUMNS = {
  name: "name",
  description: "description",
  sku: "sku",
  price: "price",
  stock_quantity: "stockQuantity",
  low_stock_threshold: "lowStockThreshold",
  is_active: "isActive",
  is_featured: "isFeatured",
} as const;

/**
 * PUT (every field) or PATCH (some): owner or admin, honouring If-Match. Audited with each changed field's value
 * before and after.
 */
export async function updateProduct(principal: Principal, id: number, input: ProductPatch, ifMatch: string | null, meta: RequestMeta): Promise<ProductRow> {
  try {
    return await db().transaction(async (tx) => {
      const current = await lockOwnProduct(tx, principal, id);
      assertIfMatch(ifMatch, current.version);
      assertMayFeature(principal, input.is_featured, current.isFeatured);
      const isAdmin = principal.permissions.has("products:manage");
      if (input.is_active === true && !current.isActive && current.heldByAdmin && !isAdmin) {
        throw new ApiError("forbidden", "An admin took this product off sale; only an admin can put it back.", { errors: { is_active: ["An admin took this product off sale; only an admin can put it back."] } });
      }
      const changes: Partial<typeof products.$inferInsert> = {};
      const diff: Record<string, { before: unknown; after: unknown }> = {};
      for (const [field, column] of Object.entries(FIELD_COLUMNS) as [keyof typeof FIELD_COLUMNS, (typeof FIELD_COLUMNS)[keyof typeof FIELD_COLUMNS]][]) {
        const value = input[field];
        if (value === undefined) continue;
        const before = current[column];
        const same = column === "price" ? Number(before) === Number(value) : before === value;
        if (!same) {
          (changes as Record<string, unknown>)[column] = value;
          diff[field] = { before, after: value };
        }
      }
      if (input.category !== undefined) {
        const next = await categoryId(tx, input.category);
        if (next !== current.categoryId) {
          changes.categoryId = next;
          diff.category = { before: current.categoryId, after: input.category };
        }
      }
      if (input.image_file !== undefined && input.image_file !== current.imageFileId) {
        changes.imageFileId = await imageFileId(tx, principal, current.sellerId, input.image_file);
        diff.image_file = { before: current.imageFileId, after: input.image_file };
      }
      // an admin putting it back on sale lifts the hold; an admin taking someone else's product off sale sets it
      if (diff.is_active && isAdmin) changes.heldByAdmin = input.is_active === false && current.sellerId !== principal.userId;
      if (Object.keys(diff).length) {
        await tx.update(products).set({ ...changes, version: current.version + 1, updatedAt: new Date() }).where(eq(products.id, id));
        await audit({ action: "PRODUCT_UPDATE", targetType: "PRODUCT", targetId: id, result: "SUCCESS", actorUserId: principal.userId, meta, metadata: { changes: diff } }, tx);
        await auditLowStock(tx, principal, meta, { stock: current.stockQuantity, threshold: current.lowStockThreshold }, {
          id,
          stock: changes.stockQuantity ?? current.stockQuantity,
          threshold: changes.lowStockThreshold ?? current.lowStockThreshold,
          sellerId: current.sellerId,
        });
      }
      return getProductOrThrow(principal, id, tx);
    });
  } catch (error) {
    return skuConflict(error);
  }
}

/** DELETE is a soft delete: the product leaves the storefront, its orders and history stay. */
export async function deactivateProduct(principal: Principal, id: number, ifMatch: string | null, meta: RequestMeta): Promise<void> {
  await db().transaction(async (tx) => {
    const current = await lockOwnProduct(tx, principal, id);
    assertIfMatch(ifMatch, current.version);
    // an admin's takedown of someone else's product holds: its seller cannot simply reactivate it
    const hold = principal.permissions.has("products:manage") && current.sellerId !== principal.userId;
    if (current.isActive || (hold && !current.heldByAdmin)) {
      await tx.update(products).set({ isActive: false, isFeatured: false, heldByAdmin: hold || current.heldByAdmin, version: current.version + 1, updatedAt: new Date() }).where(eq(products.id, id));
    }
    await audit({ action: "PRODUCT_DELETE", targetType: "PRODUCT", targetId: id, result: "SUCCESS", actorUserId: principal.userId, meta, metadata: { sku: current.sku, was_active: current.isActive } }, tx);
  });
}

/** Sets stock (absolute `quantity`) or changes it (signed `delta`) atomically; audited with before and after. */
export async function updateStock(principal: Principal, id: number, input: UpdateStockInput, ifMatch: string | null, meta: RequestMeta): Promise<ProductRow> {
  return db().transaction(async (tx) => {
    const current = await lockOwnProduct(tx, principal, id);
    assertIfMatch(ifMatch, current.version);
    const before = current.stockQuantity;
    const after = input.quantity ?? before + (input.delta ?? 0);
    if (after < 0) {
      throw new ApiError("conflict", `Stock cannot go below zero. Available: ${before}, change: ${input.delta}`, { extensions: { product_id: id, available: before } });
    }
    if (after > MAX_STOCK) {
      throw new ApiError("validation_error", `Stock must be at most ${MAX_STOCK}.`, { errors: { [input.quantity !== undefined ? "quantity" : "delta"]: [`Stock must be at most ${MAX_STOCK}.`] } });
    }
    await tx.update(products).set({ stockQuantity: after, version: current.version + 1, updatedAt: new Date() }).where(eq(products.id, id));
    await audit({ action: "PRODUCT_STOCK_UPDATE", targetType: "PRODUCT", targetId: id, result: "SUCCESS", actorUserId: principal.userId, meta, metadata: { before, after, ...(input.delta !== undefined ? { delta: input.delta } : { quantity: input.quantity }) } }, tx);
    await auditLowStock(tx, principal, meta, { stock: before, threshold: current.lowStockThreshold }, { id, stock: after, threshold: current.lowStockThreshold, sellerId: current.sellerId });
    return getProductOrThrow(principal, id, tx);
  });
}
