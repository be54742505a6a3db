import { api } from "@/lib/api-client";
import { type DownloadedFile, unwrapDownload } from "@/lib/download";

import { type AdminProductQuery, filterParams } from "@/features/admin-products/api/list-products";

/** The CSV of every product the query matches (all pages), fetched with the admin's token. */
export function exportProducts(query: AdminProductQuery): Promise<DownloadedFile> {
  return unwrapDownload(
    api.GET("/products/export", { params: { query: filterParams(query) }, parseAs: "blob" }),
    "products.csv",
  );
}
