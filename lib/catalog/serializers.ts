import { z } from "zod";
import type { Principal } from "@/lib/auth/principal";
import { moneyString } from "@/lib/money";
import { isoTimestamp } from "@/lib/openapi/doc";
import type { ProductRow } from "./queries";

/** Money as the API writes it (lib/money.ts): an exact decimal string with two places, never a float. */
export const moneyAmount = z.string().regex(/^\d+\.\d{2}$/).describe("A decimal amount with two places, e.g. \"19.99\"");

/** The response bodies, as documented in the OpenAPI document; the serializers below are typed against them. */
export const productListItemSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  sku: z.string(),
  price: moneyAmount,
  stock_quantity: z.number().int().min(0),
  is_in_stock: z.boolean(),
  is_featured: z.boolean(),
  seller_email: z.string(),
  category: z.string().nullable(),
  image_url: z.string().nullable().describe("Only once the image file is released"),
  created_at: isoTimestamp,
});

export const productDetailSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  description: z.string(),
  sku: z.string(),
  price: moneyAmount,
  stock_quantity: z.number().int().min(0),
  is_active: z.boolean(),
  is_featured: z.boolean(),
  is_in_stock: z.boolean(),
  seller: z.number().int(),
  seller_email: z.string(),
  category: z.string().nullable(),
  image_url: z.string().nullable(),
  low_stock_threshold: z.number().int().optional().describe("Owner and admins only"),
  is_low_stock: z.boolean().optional().describe("Owner and admins only"),
  held_by_admin: z.boolean().optional().describe("Owner and admins only: an admin's takedown the seller cannot undo"),
  image_file: z.number().int().nullable().optional().describe("Owner and admins only"),
  image_status: z.string().nullable().optional().describe("Owner and admins only"),
  created_at: isoTimestamp,
  updated_at: isoTimestamp,
});

/** POST /api/products/{id}/update_stock/: the new stock and whether it is now at or below the threshold. */
export const stockUpdatedSchema = z.object({
  detail: z.string(),
  stock_quantity: z.number().int().min(0),
  is_low_stock: z.boolean(),
});

/** The product image as the storefront may show it: only once released (a quarantined image is not served to all). */
export function productImageUrl(p: Pick<ProductRow, "imageFileId" | "imageStatus">): string | null {
  return p.imageFileId !== null && p.imageStatus === "released" ? `/api/files/${p.imageFileId}/download/` : null;
}

/** List item: the original's ProductListSerializer fields, plus category. Fields are listed, never spread. */
export function serializeProductListItem(p: ProductRow): z.input<typeof productListItemSchema> {
  return {
    id: p.id,
    name: p.name,
    sku: p.sku,
    price: moneyString(p.price),
    stock_quantity: p.stockQuantity,
    is_in_stock: p.stockQuantity > 0,
    is_featured: p.isFeatured,
    seller_email: p.sellerEmail,
    category: p.categorySlug,
    image_url: productImageUrl(p),
    created_at: p.createdAt.toISOString(),
  };
}

/** Detail: the original's ProductSerializer fields; the low-stock threshold only for the owner and admins. */
export function serializeProductDetail(p: ProductRow, principal: Principal | null): z.input<typeof productDetailSchema> {
  const isOwnerOrAdmin =
    principal !== null && (principal.userId === p.sellerId || principal.permissions.has("products:manage"));
  return {
    id: p.id,
    name: p.name,
    description: p.description,
    sku: p.sku,
    price: moneyString(p.price),
    stock_quantity: p.stockQuantity,
    is_active: p.isActive,
    is_featured: p.isFeatured,
    is_in_stock: p.stockQuantity > 0,
    seller: p.sellerId,
    seller_email: p.sellerEmail,
    category: p.categorySlug,
    image_url: productImageUrl(p),
    ...(isOwnerOrAdmin
      ? {
          low_stock_threshold: p.lowStockThreshold,
          is_low_stock: p.stockQuantity <= p.lowStockThreshold,
          held_by_admin: p.heldByAdmin,
          image_file: p.imageFileId,
          image_status: p.imageStatus,
        }
      : {}),
    created_at: p.createdAt.toISOString(),
    updated_at: p.updatedAt.toISOString(),
  };
}

export function serializeStockUpdate(p: Pick<ProductRow, "stockQuantity" | "lowStockThreshold">): z.input<typeof stockUpdatedSchema> {
  return { detail: "Stock updated successfully.", stock_quantity: p.stockQuantity, is_low_stock: p.stockQuantity <= p.lowStockThreshold };
}
