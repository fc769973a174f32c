/** At or below this many units the shopper is told how few are left. */
export const FEW_LEFT = 5;

export function stockText(stock: number): string {
  if (stock <= 0) return "Out of stock";
  if (stock <= FEW_LEFT) return `Only ${stock} left`;
  return "In stock";
}

/** In stock / only N left / out of stock, as text with a colour that is not the only signal. */
export function StockState({ stock, className = "" }: { stock: number; className?: string }) {
  const tone = stock <= 0 ? "text-rose-700" : stock <= FEW_LEFT ? "text-amber-700" : "text-emerald-700";
  return (
    <p data-testid="stock-state" className={`${tone} ${className}`}>
      {stockText(stock)}
    </p>
  );
}
