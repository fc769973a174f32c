import Link from "next/link";

export type ProductCardData = {
  id: number;
  name: string;
  price: string;
  stock_quantity: number;
  is_in_stock: boolean;
  category: string | null;
};

export function ProductCard({ product }: { product: ProductCardData }) {
  return (
    <li className="flex flex-col rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
      <p className="text-xs uppercase tracking-wide text-slate-500">{product.category ?? "Uncategorised"}</p>
      <h3 className="mt-1 min-h-12 font-medium">
        <Link href={`/products/${product.id}`} className="hover:underline">
          {product.name}
        </Link>
      </h3>
      <div className="mt-auto flex items-baseline justify-between pt-3">
        <span className="text-lg font-semibold" data-testid="price">
          ${product.price}
        </span>
        <span className={product.is_in_stock ? "text-xs text-emerald-700" : "text-xs text-rose-700"}>
          {product.is_in_stock ? `${product.stock_quantity} in stock` : "Out of stock"}
        </span>
      </div>
    </li>
  );
}

export function ProductGrid({ products, label }: { products: ProductCardData[]; label: string }) {
  return (
    <ul aria-label={label} className="grid grid-cols-1 gap-4 sm:grid-cols-2 lg:grid-cols-4">
      {products.map((p) => (
        <ProductCard key={p.id} product={p} />
      ))}
    </ul>
  );
}
