import Link from "next/link";
import { ProductImage } from "./product-image";
import { RatingSummary, type RatingSummaryData } from "./rating-stars";

export type ProductCardData = {
  id: number;
  name: string;
  price: string;
  stock_quantity: number;
  is_in_stock: boolean;
  category: string | null;
  image_url: string | null;
};

/** Four columns on large screens, two on small ones, one on phones: the image is requested at that width. */
const CARD_IMAGE_SIZES = "(min-width: 1024px) 270px, (min-width: 640px) 50vw, 100vw";

export function ProductCard({ product, rating }: { product: ProductCardData; rating?: RatingSummaryData }) {
  return (
    <li className="flex flex-col overflow-hidden rounded-lg border border-slate-200 bg-white shadow-sm">
      <ProductImage src={product.image_url} alt={product.name} sizes={CARD_IMAGE_SIZES} />
      <div className="flex flex-1 flex-col p-4">
        <p className="text-xs uppercase tracking-wide text-slate-500">{product.category ?? "Uncategorised"}</p>
        <h3 className="mt-1 min-h-12 font-medium">
          <Link href={`/products/${product.id}`} className="hover:underline">
            {product.name}
          </Link>
        </h3>
        {rating && <RatingSummary summary={rating} size="sm" testId="card-rating" />}
        <div className="mt-auto flex items-baseline justify-between pt-3">
          <span className="text-lg font-semibold" data-testid="price">
            ${product.price}
          </span>
          <span className={product.is_in_stock ? "text-xs text-emerald-700" : "text-xs text-rose-700"}>
            {product.is_in_stock ? `${product.stock_quantity} in stock` : "Out of stock"}
          </span>
        </div>
      </div>
    </li>
  );
}

/** `ratings` comes from one grouped query for the whole grid; a product missing from it has no approved reviews. */
export function ProductGrid({ products, label, ratings }: { products: ProductCardData[]; label: string; ratings?: ReadonlyMap<number, RatingSummaryData> }) {
  return (
    <ul aria-label={label} className="grid grid-cols-1 gap-4 sm:grid-cols-2 lg:grid-cols-4">
      {products.map((p) => (
        <ProductCard key={p.id} product={p} rating={ratings ? (ratings.get(p.id) ?? { average_rating: null, review_count: 0 }) : undefined} />
      ))}
    </ul>
  );
}
