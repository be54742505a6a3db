import { api, errorFrom, toApiError } from "@/lib/api-client";

import { type AdminProductQuery, filterParams } from "@/features/admin-products/api/list-products";

export interface ExportFile {
  blob: Blob;
  filename: string;
}

const DEFAULT_NAME = "products.csv";

function filenameOf(disposition: string | null): string {
  const name = /filename="?([^";]+)"?/i.exec(disposition ?? "")?.[1]?.trim();
  // Only a plain file name: never a path.
  return name && !/[\\/]/.test(name) ? name : DEFAULT_NAME;
}

/** The CSV of every product the query matches (all pages), fetched with the admin's token. */
export async function exportProducts(query: AdminProductQuery): Promise<ExportFile> {
  let answer;
  try {
    answer = await api.GET("/products/export", {
      params: { query: filterParams(query) },
      parseAs: "blob",
    });
  } catch (error) {
    throw toApiError(error);
  }
  const { data, error, response } = answer;
  if (!response.ok || !data) throw errorFrom(response.status, error);
  return {
    blob: data,
    filename: filenameOf(response.headers.get("Content-Disposition")),
  };
}

/** Save a file the page already holds, as the browser saves a download. */
export function saveFile({ blob, filename }: ExportFile): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  // Revoked a moment later: some browsers start reading the file only after the click returns.
  setTimeout(() => {
    URL.revokeObjectURL(url);
  }, 1000);
}
