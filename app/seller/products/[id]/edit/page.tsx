import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { Forbidden } from "@/components/forbidden";
import { ActiveToggle } from "@/components/seller/active-toggle-client";
import { ProductForm } from "@/components/seller/product-form-client";
import { ProductImage } from "@/components/seller/product-image-client";
import { StockBadge } from "@/components/seller/stock-badge";
import { requirePermission } from "@/lib/auth/page-principal";
import { getProductOrThrow, listCategories } from "@/lib/catalog/queries";
import { productIdParams } from "@/lib/catalog/schemas";
import { ApiError } from "@/lib/http/problem";
import { moneyString } from "@/lib/money";
import { setProductImageAction } from "./actions";

export const metadata: Metadata = { title: "Edit product · Seller" };

export default async function EditProductPage({ params }: { params: Promise<{ id: string }> }) {
  const { id: rawId } = await params;
  const principal = await requirePermission(`/seller/products/${encodeURIComponent(rawId)}/edit`, "products:write");
  if (!principal) return <Forbidden />;
  const parsed = productIdParams.safeParse({ id: rawId });
  if (!parsed.success) notFound();
  const product = await getProductOrThrow(principal, parsed.data.id).catch((error: unknown) => {
    if (error instanceof ApiError && error.status === 404) return null;
    throw error;
  });
  // another seller's active product is visible on the storefront, but it is not theirs to edit: same 404 as missing
  if (!product || (product.sellerId !== principal.userId && !principal.permissions.has("products:manage"))) notFound();
  const categories = await listCategories();
  return (
    <div>
      <h1 className="text-2xl font-bold">Edit {product.name}</h1>
      <p className="mt-1 flex items-center gap-2 text-sm text-slate-600">
        <span className="font-mono">{product.sku}</span>
        <span>·</span>
        <span>{product.stockQuantity} in stock</span>
        <StockBadge stock={product.stockQuantity} threshold={product.lowStockThreshold} />
      </p>
      <ProductForm
        product={{ id: product.id, version: product.version }}
        initial={{
          name: product.name,
          sku: product.sku,
          price: moneyString(product.price),
          stock_quantity: String(product.stockQuantity),
          low_stock_threshold: String(product.lowStockThreshold),
          description: product.description,
          category: product.categorySlug ?? "",
          is_active: product.isActive ? "on" : "",
          is_featured: product.isFeatured ? "on" : "",
        }}
        categories={categories}
        canFeature={principal.permissions.has("products:manage")}
      />
      <ProductImage
        productId={product.id}
        productName={product.name}
        image={product.imageFileId !== null ? { id: product.imageFileId, status: product.imageStatus ?? "quarantined" } : null}
        setImage={setProductImageAction}
      />
      <section aria-labelledby="visibility-heading" className="mt-6 rounded-lg border border-slate-200 bg-white p-4">
        <h2 id="visibility-heading" className="font-semibold">
          Storefront visibility
        </h2>
        <p className="mb-3 text-sm text-slate-600">{product.isActive ? "Active: customers can find and order it." : "Deactivated: hidden from the storefront; past orders keep it."}</p>
        <ActiveToggle productId={product.id} isActive={product.isActive} />
      </section>
    </div>
  );
}
