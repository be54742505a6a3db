/** The API's rules for prices and stock (catalog/schemas.py), checked before a bulk save. */
import { fromCents, toCents } from "@/lib/money";

import type { BulkRow, RowProblem } from "@/features/admin-products/api/bulk-update";
import type { AdminProduct } from "@/features/admin-products/api/list-products";

export const MAX_STOCK = 1_000_000;
const MAX_PRICE_CENTS = 100_000_000; // prices are below 1,000,000

export type EditField = "price" | "stock";
/** What was typed into a product's cells; a field that is absent was not touched. */
export type Draft = Partial<Record<EditField, string>>;
/** Messages for a product's cells, and for the product as a whole ("row"). */
export type CellErrors = Partial<Record<EditField | "row", string>>;

export function priceError(text: string): string | undefined {
  const value = text.trim();
  if (!value) return "Enter a price.";
  if (!/^\d+(\.\d+)?$/.test(value)) return "Enter a price like 12.50.";
  if (!/^\d+(\.\d{1,2})?$/.test(value)) return "Use at most 2 decimals.";
  const cents = toCents(value);
  if (cents <= 0) return "The price must be more than 0.";
  if (cents >= MAX_PRICE_CENTS) return "The price must be less than 1,000,000.";
  return undefined;
}

export function stockError(text: string): string | undefined {
  const value = text.trim();
  if (!value) return "Enter the stock.";
  if (!/^\d+$/.test(value)) return "Enter a whole number, 0 or more.";
  if (Number(value) > MAX_STOCK) return "The stock can be at most 1,000,000.";
  return undefined;
}

export const fieldError: Record<EditField, (text: string) => string | undefined> = {
  price: priceError,
  stock: stockError,
};

/** The value a cell shows: what was typed, else the product's own. */
export function cellValue(product: AdminProduct, draft: Draft | undefined, field: EditField) {
  return draft?.[field] ?? (field === "price" ? product.price : String(product.stock));
}

/** Whether a cell differs from the product (a cell that does not parse always does). */
export function isChanged(product: AdminProduct, draft: Draft | undefined, field: EditField) {
  const typed = draft?.[field];
  if (typed === undefined) return false;
  if (fieldError[field](typed)) return true;
  return field === "price"
    ? toCents(typed.trim()) !== toCents(product.price)
    : Number(typed.trim()) !== product.stock;
}

/** The changed cells that break a rule, first to last. */
export function invalidCells(
  products: AdminProduct[],
  drafts: Record<number, Draft>,
): { productId: number; field: EditField }[] {
  return products.flatMap((product) =>
    (["price", "stock"] as const)
      .filter((field) => {
        const typed = drafts[product.id]?.[field];
        return typed !== undefined && fieldError[field](typed) !== undefined;
      })
      .map((field) => ({ productId: product.id, field })),
  );
}

/** One row per product that changed, holding only the fields that did. */
export function changedRows(products: AdminProduct[], drafts: Record<number, Draft>): BulkRow[] {
  const rows: BulkRow[] = [];
  for (const product of products) {
    const draft = drafts[product.id];
    const row: BulkRow = { id: product.id };
    if (isChanged(product, draft, "price")) {
      row.price = fromCents(toCents(cellValue(product, draft, "price").trim()));
    }
    if (isChanged(product, draft, "stock")) {
      row.stock = Number(cellValue(product, draft, "stock").trim());
    }
    if (row.price !== undefined || row.stock !== undefined) rows.push(row);
  }
  return rows;
}

/** The API's refusals by product: `row` is the index in the request that was sent. */
export function errorsByProduct(sent: BulkRow[], problems: RowProblem[]) {
  const errors: Record<number, CellErrors> = {};
  for (const problem of problems) {
    const productId = sent[problem.row]?.id ?? problem.product_id;
    if (productId === undefined || productId === null) continue;
    const field: keyof CellErrors =
      problem.field === "price" || problem.field === "stock" ? problem.field : "row";
    const cell = (errors[productId] ??= {});
    cell[field] = cell[field] ? `${cell[field]} ${problem.message}` : problem.message;
  }
  return errors;
}
