/**
 * The fake API's product import (see shop-backend.ts for the shop's): it parses the small
 * CSVs tests send, checks each row much as the API does, and on a real run changes
 * `backend.products`, all rows or none.
 */
import type { RequestHandler } from "msw";

import type { Schemas } from "@/lib/api-client";

import { aProduct } from "@/testing/data";
import { http } from "@/testing/http";
import { backend, caller, error, notAuthenticated } from "@/testing/shop-backend";

type Product = Schemas["ProductRead"];
type ImportReport = Schemas["ImportReport"];
type ImportRow = Schemas["ImportRowReport"];
type Problem = Schemas["ImportProblem"];

const COLUMNS = ["sku", "name", "description", "price", "stock", "category", "is_active"];
const MAX_BYTES = 20 * 1024 * 1024;

/** Every import the app sent, dry runs included, for tests to read back. */
export const imports: { dryRun: boolean; csv: string }[] = [];

/** Called before every test: back to an empty state. */
export function reset(): void {
  imports.length = 0;
}

interface CsvRecord {
  line: number;
  cells: string[];
}

/** RFC 4180 records (quoted cells may hold commas, quotes and line breaks), with their lines. */
export function parseCsv(text: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  let cells: string[] = [];
  let cell = "";
  let quoted = false;
  let line = 1;
  let start = 1;
  for (let i = 0; i < text.length; i++) {
    const char = text.charAt(i);
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (char === '"') {
        quoted = false;
      } else {
        if (char === "\n") line++;
        cell += char;
      }
    } else if (char === '"') {
      quoted = true;
    } else if (char === ",") {
      cells.push(cell);
      cell = "";
    } else if (char === "\n" || char === "\r") {
      if (char === "\r" && text[i + 1] === "\n") i++;
      cells.push(cell);
      records.push({ line: start, cells });
      cells = [];
      cell = "";
      line++;
      start = line;
    } else {
      cell += char;
    }
  }
  if (cell !== "" || cells.length > 0) {
    cells.push(cell);
    records.push({ line: start, cells });
  }
  return records.filter((record) => record.cells.some((value) => value.trim() !== ""));
}

type Values = Partial<Pick<Product, "sku" | "name" | "description" | "price" | "stock">> &
  Partial<Pick<Product, "category" | "is_active">>;

/** The row's values as a product would hold them, and what is wrong with them. */
function readRow(row: Map<string, string>, existing: Product | undefined) {
  const problems: Problem[] = [];
  const values: Values = {};
  const cell = (column: string) => row.get(column)?.trim() ?? "";
  for (const [column, value] of row) {
    if (value.startsWith("=")) {
      problems.push({ field: column, message: "Formulas are not allowed in an import" });
    }
  }
  const sku = cell("sku");
  if (sku && !/^[A-Za-z0-9][A-Za-z0-9._/-]*$/.test(sku)) {
    problems.push({ field: "sku", message: "Letters, digits and . _ / - only" });
  }
  values.sku = sku || (existing?.sku ?? null);
  const name = cell("name");
  if (!name) problems.push({ field: "name", message: "A product needs a name" });
  values.name = name;
  values.description = row.get("description") ?? "";
  const price = cell("price");
  if (!/^\d+(\.\d{1,2})?$/.test(price)) {
    problems.push({ field: "price", message: "A price such as 12.50, not below zero" });
  } else {
    values.price = Number(price).toFixed(2);
  }
  const stock = cell("stock");
  if (!/^\d+$/.test(stock) || Number(stock) > 1_000_000) {
    problems.push({ field: "stock", message: "A whole number from 0 to 1,000,000" });
  } else {
    values.stock = Number(stock);
  }
  values.category = cell("category").toLowerCase() || null;
  const active = cell("is_active").toLowerCase();
  if (!["", "true", "false"].includes(active)) {
    problems.push({ field: "is_active", message: "true or false" });
  }
  values.is_active = active !== "false";
  return { values, problems };
}

type HttpError = ReturnType<typeof error>;
type Checked = ImportRow & { values: Values };

function report(csv: string, dryRun: boolean): ImportReport | HttpError {
  const [header, ...records] = parseCsv(csv.replace(/^\uFEFF/, ""));
  if (!header) return invalidFile("The file is empty: it has no header row");
  const names = header.cells.map((name) => name.trim().toLowerCase());
  const missing = COLUMNS.filter((column) => !names.includes(column));
  if (missing.length) return invalidFile(`The header has no column ${missing.join(", ")}`);
  const unknown = names.filter((name) => name !== "id" && !COLUMNS.includes(name));
  if (unknown.length) return invalidFile(`Unknown columns: ${unknown.join(", ")}`);
  if (!records.length) return invalidFile("The file has a header but no rows");

  const seen = new Map<string, number>();
  const rows: Checked[] = records.map(({ line, cells }) => {
    const row = new Map(names.map((name, index) => [name, cells[index] ?? ""]));
    const id = row.get("id")?.trim();
    const sku = row.get("sku")?.trim() ?? "";
    const existing = id
      ? backend.products.find((product) => String(product.id) === id)
      : backend.products.find((product) => sku && product.sku?.toLowerCase() === sku.toLowerCase());
    const { values, problems } = readRow(row, existing);
    if (id && !existing) problems.push({ field: "id", message: `No product has the id ${id}` });
    const earlier = sku ? seen.get(sku.toLowerCase()) : undefined;
    if (earlier !== undefined) {
      problems.push({ field: "sku", message: `The SKU is on line ${earlier} already` });
    } else if (sku) {
      seen.set(sku.toLowerCase(), line);
    }
    const changes = existing
      ? (Object.keys(values) as (keyof Values)[]).filter((key) => values[key] !== existing[key])
      : [];
    const action = problems.length
      ? "refuse"
      : !existing
        ? "create"
        : changes.length
          ? "update"
          : "unchanged";
    return {
      line,
      sku: sku || null,
      product_id: existing?.id ?? null,
      action,
      changes,
      problems,
      values,
    };
  });

  const count = (action: ImportRow["action"]) => rows.filter((row) => row.action === action).length;
  const refused = count("refuse");
  if (!dryRun && refused) {
    return error(422, "import_rejected", "Some rows were refused; nothing was imported", {
      rows: rows.flatMap((row) =>
        row.problems.map((problem) => ({
          row: row.line,
          product_id: row.product_id,
          field: problem.field,
          message: problem.message,
        })),
      ),
    });
  }
  if (!dryRun) apply(rows);
  return {
    dry_run: dryRun,
    applied: !dryRun,
    created: count("create"),
    updated: count("update"),
    unchanged: count("unchanged"),
    refused,
    rows: rows.map(({ line, sku, product_id, action, changes, problems }) => ({
      line,
      sku,
      product_id,
      action,
      changes,
      problems,
    })),
  };
}

function apply(rows: Checked[]): void {
  for (const row of rows) {
    const stock = row.values.stock ?? 0;
    if (row.action === "create") {
      const id = Math.max(0, ...backend.products.map((product) => product.id)) + 1;
      backend.products.push(
        aProduct({ id, ...row.values, in_stock: stock > 0, image_url: null, thumbnail_url: null }),
      );
    } else if (row.action === "update") {
      const product = backend.products.find((candidate) => candidate.id === row.product_id);
      if (product) Object.assign(product, row.values, { in_stock: stock > 0 });
    }
  }
}

const invalidFile = (detail: string) => error(422, "invalid_import_file", detail);

export const handlers: RequestHandler[] = [
  http.post("/products/import", async ({ request, query, response }) => {
    const user = caller(request);
    if (!user) return notAuthenticated();
    if (user.role !== "admin") return error(403, "admin_required", "Administrator access required");
    const file = (await request.formData()).get("file");
    // Not `instanceof Blob`: the form's file comes from Node's fetch, not from jsdom.
    if (file === null || typeof file === "string") {
      return invalidFile("Send the CSV in the form field `file`");
    }
    if (file.size > MAX_BYTES) {
      return error(413, "import_too_large", "The import file is larger than 20 MB");
    }
    const csv = await file.text();
    const dryRun = query.get("dry_run") !== "false";
    imports.push({ dryRun, csv });
    const answer = report(csv, dryRun);
    return answer instanceof Response ? answer : response(200).json(answer);
  }),
];
