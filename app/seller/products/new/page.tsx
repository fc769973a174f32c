import type { Metadata } from "next";
import { Forbidden } from "@/components/forbidden";
import { ProductForm } from "@/components/seller/product-form-client";
import { requirePermission } from "@/lib/auth/page-principal";
import { listCategories } from "@/lib/catalog/queries";

export const metadata: Metadata = { title: "New product · Seller" };

const EMPTY = { name: "", sku: "", price: "", stock_quantity: "0", low_stock_threshold: "5", description: "", category: "", is_active: "on", is_featured: "" };

export default async function NewProductPage() {
  const principal = await requirePermission("/seller/products/new", "products:write");
  if (!principal) return <Forbidden />;
  const categories = await listCategories();
  return (
    <div>
      <h1 className="text-2xl font-bold">New product</h1>
      <ProductForm initial={EMPTY} categories={categories} canFeature={principal.permissions.has("products:manage")} />
    </div>
  );
}
