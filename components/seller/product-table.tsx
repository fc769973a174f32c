import Link from "next/link";
import { ActiveBadge } from "@/components/admin/users/badges";
import type { ProductRow } from "@/lib/catalog/queries";
import { moneyString } from "@/lib/money";
import { StockAdjust } from "./stock-adjust-client";
import { StockBadge } from "./stock-badge";

/** The seller's products: one row each, with its stock state and a quick stock change. */
export function ProductTable({ rows }: { rows: ProductRow[] }) {
  return (
    <div className="mt-3 overflow-x-auto rounded-lg border border-slate-200 bg-white">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">My products</caption>
        <thead className="border-b border-slate-200 text-xs uppercase text-slate-500">
          <tr>
            <th scope="col" className="px-3 py-2">Name</th>
            <th scope="col" className="px-3 py-2">SKU</th>
            <th scope="col" className="px-3 py-2 text-right">Price</th>
            <th scope="col" className="px-3 py-2">Stock</th>
            <th scope="col" className="px-3 py-2">Status</th>
            <th scope="col" className="px-3 py-2">Change stock</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((p) => (
            <tr key={p.id} className="border-b border-slate-100 align-top">
              <td className="px-3 py-2">
                <Link href={`/seller/products/${p.id}/edit`} className="text-brand-700 underline">
                  {p.name}
                </Link>
                <span className="block text-xs text-slate-500">{p.categoryName ?? "No category"}</span>
              </td>
              <td className="px-3 py-2 font-mono text-xs">{p.sku}</td>
              <td className="px-3 py-2 text-right tabular-nums">${moneyString(p.price)}</td>
              <td className="px-3 py-2 whitespace-nowrap">
                <span data-testid="stock" className="mr-2 inline-block min-w-8 tabular-nums">
                  {p.stockQuantity}
                </span>
                <StockBadge stock={p.stockQuantity} threshold={p.lowStockThreshold} />
              </td>
              <td className="px-3 py-2">
                <ActiveBadge isActive={p.isActive} />
              </td>
              <td className="px-3 py-2">
                <StockAdjust productId={p.id} productName={p.name} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
