import { api, type ApiError, type Schemas, unwrap } from "@/lib/api-client";
import { invalidate } from "@/lib/use-query";

import { ADMIN_PRODUCTS_KEY, type AdminProduct } from "@/features/admin-products/api/list-products";

export type BulkRow = Schemas["ProductBulkRow"];
export type RowProblem = Schemas["RowProblem"];

/** Many products changed in one request: all rows applied, or none (422 `bulk_rejected`). */
export async function bulkUpdateProducts(rows: BulkRow[]): Promise<AdminProduct[]> {
  try {
    return await unwrap(api.PATCH("/products/bulk", { body: { products: rows } }));
  } finally {
    // Even a refused request may meet products changed meanwhile: the lists, each product's
    // page (shop and admin), its stock history and the categories are fetched afresh.
    for (const prefix of [
      ADMIN_PRODUCTS_KEY,
      "admin-product:",
      "admin-stock-history:",
      "products:",
      "product:",
      "categories",
    ]) {
      invalidate(prefix);
    }
  }
}

/** Why each row of a refused bulk edit was refused: the catalog's rules or the schema's. */
export function refusedRows(error: ApiError): RowProblem[] {
  if (error.code === "bulk_rejected") return error.body?.rows ?? [];
  if (error.code !== "validation_error") return [];
  return (error.body?.errors ?? []).flatMap(({ loc, msg }) => {
    const [where, list, row, field] = loc;
    if (where !== "body" || list !== "products" || typeof row !== "number") return [];
    return [{ row, field: typeof field === "string" ? field : null, message: msg }];
  });
}
