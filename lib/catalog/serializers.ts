import type { Principal } from "@/lib/auth/principal";
import { moneyString } from "@/lib/money";
import type { ProductRow } from "./queries";

/** The product image as the storefront may show it: only once released (a quarantined image is not served to all). */
export function productImageUrl(p: Pick<ProductRow, "imageFileId" | "imageStatus">): string | null {
  return p.imageFileId !== null && p.imageStatus === "released" ? `/api/files/${p.imageFileId}/download/` : null;
}

/** List item: the original's ProductListSerializer fields, plus category. Fields are listed, never spread. */
export function serializeProductListItem(p: ProductRow) {
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
export function serializeProductDetail(p: ProductRow, principal: Principal | null) {
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
