import { api, type Schemas, unwrap } from "@/lib/api-client";
import { invalidate } from "@/lib/use-query";

export type ImportReport = Schemas["ImportReport"];
export type ImportRow = Schemas["ImportRowReport"];
export type RefusedRow = Schemas["RowProblem"];

/** What the API reads at most (`MAX_IMPORT_BYTES`). */
export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;

/** The columns the import reads, in the order an export writes them. */
export const IMPORT_COLUMNS = [
  "sku",
  "name",
  "description",
  "price",
  "stock",
  "category",
  "is_active",
] as const;

/** A CSV with the header row only, to fill in. */
export function templateCsv(): string {
  return `${IMPORT_COLUMNS.join(",")}\r\n`;
}

/** "850 KB", "21.3 MB". */
export function formatSize(bytes: number): string {
  if (bytes < 1024 * 1024) return `${Math.max(1, Math.round(bytes / 1024))} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** Why a file cannot be imported before it is even sent, if it cannot. */
export function importFileError(file: File): string | null {
  if (!/\.csv$/i.test(file.name)) {
    return `"${file.name}" is not a CSV file. Choose a file ending in .csv.`;
  }
  if (file.size > MAX_IMPORT_BYTES) {
    return `The file is ${formatSize(file.size)}; an import may be at most 20 MB. Split it into smaller files.`;
  }
  if (file.size === 0) return "The file is empty.";
  return null;
}

/**
 * Send the CSV: a dry run reports what would change; otherwise every row is saved, or none
 * (a 422 `import_rejected` naming the refused rows).
 */
export async function importProducts(
  file: File,
  { dryRun, signal }: { dryRun: boolean; signal?: AbortSignal },
): Promise<ImportReport> {
  const form = new FormData();
  form.append("file", file, file.name);
  const report = await unwrap(
    api.POST("/products/import", {
      params: { query: { dry_run: dryRun } },
      // The schema types the multipart body field by field; the browser sends the form itself.
      body: form as unknown as Schemas["Body_products-import_products"],
      signal,
    }),
  );
  if (!dryRun) {
    // Lists, product pages and categories in the console and the shop are stale now.
    invalidate("admin-product");
    invalidate("product");
    invalidate("categories");
  }
  return report;
}
