/** "stock_matches_movements" → "Stock matches movements". */
export function titleOf(name: string): string {
  const words = name.replaceAll("_", " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** A column's name as a header: "expected_stock" → "expected stock". */
export function headerOf(column: string): string {
  return column.replaceAll("_", " ");
}
