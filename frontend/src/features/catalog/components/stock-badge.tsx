export const LOW_STOCK = 5;

export function stockLabel(stock: number): string {
  if (stock <= 0) return "Sold out";
  if (stock <= LOW_STOCK) return `Only ${stock} left`;
  return "In stock";
}

export function StockBadge({ stock }: { stock: number }) {
  const tone = stock <= 0 ? "out" : stock <= LOW_STOCK ? "low" : "in";
  return <span className={`stock stock-${tone}`}>{stockLabel(stock)}</span>;
}
