import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getProductOrThrow } from "@/lib/catalog/queries";
import { ApiError } from "@/lib/http/problem";
import { moneyString } from "@/lib/money";

async function loadProduct(id: string) {
  if (!/^\d{1,15}$/.test(id)) notFound();
  try {
    return await getProductOrThrow(null, Number(id));
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) notFound();
    throw error;
  }
}

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  const product = await loadProduct((await params).id);
  return { title: product.name };
}

export default async function ProductPage({ params }: { params: Promise<{ id: string }> }) {
  const product = await loadProduct((await params).id);
  const inStock = product.stockQuantity > 0;
  return (
    <article className="grid gap-8 md:grid-cols-2">
      <div aria-hidden className="aspect-square rounded-xl bg-gradient-to-br from-slate-200 to-slate-100" />
      <div>
        <p className="text-sm text-slate-500">
          <Link href={`/products?category=${product.categorySlug ?? ""}`} className="hover:underline">
            {product.categoryName ?? "Uncategorised"}
          </Link>
        </p>
        <h1 className="mt-1 text-3xl font-bold">{product.name}</h1>
        <p className="mt-4 text-2xl font-semibold">${moneyString(product.price)}</p>
        <p className={inStock ? "mt-2 text-emerald-700" : "mt-2 text-rose-700"}>
          {inStock ? `${product.stockQuantity} in stock` : "Out of stock"}
        </p>
        <p className="mt-6 whitespace-pre-line text-slate-700">{product.description}</p>
        <dl className="mt-6 grid grid-cols-2 gap-2 text-sm">
          <dt className="text-slate-500">SKU</dt>
          <dd>{product.sku}</dd>
          <dt className="text-slate-500">Seller</dt>
          <dd>{product.sellerEmail}</dd>
        </dl>
      </div>
    </article>
  );
}
