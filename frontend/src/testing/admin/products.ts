/** The fake API's admin products endpoints (see shop-backend.ts for the shop's). */
import { HttpResponse, type RequestHandler } from "msw";

import type { Schemas } from "@/lib/api-client";
import { fromCents, toCents } from "@/lib/money";

import { aUser } from "@/testing/data";
import { http } from "@/testing/http";
import { backend, caller, error, notAuthenticated, sortProducts } from "@/testing/shop-backend";

type Product = Schemas["ProductRead"];
type BulkUpdate = Schemas["ProductBulkUpdate"];
type BulkRow = Schemas["ProductBulkRow"];
type RowProblem = Schemas["RowProblem"];

export const MAX_BULK_ROWS = 500;
const MAX_STOCK = 1_000_000;
const CSV_COLUMNS = ["sku", "name", "description", "price", "stock", "category", "is_active"];
/** When a bulk edit changes a product. */
export const BULK_UPDATED_AT = "2026-12-01T09:30:00Z";

interface AdminProductsState {
  /** Every bulk edit sent, as sent (refused ones too). */
  bulkRequests: BulkUpdate[];
}

export const adminProducts: AdminProductsState = { bulkRequests: [] };

/** Called before every test: back to an empty state. */
export function reset(): void {
  adminProducts.bulkRequests = [];
}

const adminRequired = () => error(403, "admin_required", "Administrator access required");

/** The parameters only the console sends; without them the shop's handler answers. */
function isAdminListing(params: URLSearchParams): boolean {
  return (
    ["include_inactive", "is_active", "max_stock"].some((name) => params.has(name)) ||
    (params.get("sort") ?? "").startsWith("stock_")
  );
}

function needsAdmin(params: URLSearchParams): boolean {
  return (
    params.get("include_inactive") === "true" ||
    params.get("is_active") === "false" ||
    params.has("max_stock")
  );
}

const newestFirst = (a: Product, b: Product) =>
  b.created_at.localeCompare(a.created_at) || b.id - a.id;

function sorted(products: Product[], sort: string | null, q: string): Product[] {
  switch (sort ?? (q ? "relevance" : "newest")) {
    case "relevance":
      // As the API: a product whose SKU is exactly the search comes first.
      return products.toSorted(
        (a, b) => Number(b.sku?.toLowerCase() === q) - Number(a.sku?.toLowerCase() === q),
      );
    case "newest":
      return products.toSorted(newestFirst);
    case "stock_asc":
      return products.toSorted((a, b) => a.stock - b.stock || a.id - b.id);
    case "stock_desc":
      return products.toSorted((a, b) => b.stock - a.stock || b.id - a.id);
    default:
      return sortProducts(products, sort);
  }
}

/** The products the list and the export filters select, in the order asked for. */
function matching(params: URLSearchParams): Product[] {
  const q = params.get("q")?.trim().toLowerCase() ?? "";
  const category = params.get("category")?.trim().toLowerCase();
  const isActive = params.get("is_active");
  const includeInactive = params.get("include_inactive") === "true";
  const maxStock = params.get("max_stock");
  const inStock = params.get("in_stock");
  const found = backend.products.filter(
    (product) =>
      (isActive === null
        ? includeInactive || product.is_active
        : product.is_active === (isActive === "true")) &&
      (!q || product.name.toLowerCase().includes(q) || product.sku?.toLowerCase() === q) &&
      (!category || product.category === category) &&
      (maxStock === null || product.stock <= Number(maxStock)) &&
      (inStock === null || product.stock > 0 === (inStock === "true")),
  );
  return sorted(found, params.get("sort"), q);
}

function csvCell(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

function toCsv(products: Product[]): string {
  const lines = products.map((product) =>
    [
      product.sku ?? "",
      product.name,
      product.description,
      product.price,
      String(product.stock),
      product.category ?? "",
      String(product.is_active),
    ]
      .map(csvCell)
      .join(","),
  );
  return [CSV_COLUMNS.join(","), ...lines].map((line) => `${line}\r\n`).join("");
}

/** What the API's schema refuses (422 validation_error), as pydantic reports it. */
function invalidFields(rows: BulkRow[]): Schemas["FieldError"][] {
  const errors: Schemas["FieldError"][] = [];
  rows.forEach((row, index) => {
    const at = (field: string, msg: string, type: string) => {
      errors.push({ loc: ["body", "products", index, field], msg, type });
    };
    if (row.price !== undefined && row.price !== null) {
      const price = String(row.price);
      if (!/^\d+(\.\d{1,2})?$/.test(price)) {
        at(
          "price",
          "Decimal input should have no more than 2 decimal places",
          "decimal_max_places",
        );
      } else if (toCents(price) <= 0) {
        at("price", "Input should be greater than 0", "greater_than");
      } else if (toCents(price) >= MAX_STOCK * 100) {
        at("price", "Input should be less than 1000000", "less_than");
      }
    }
    if (row.stock !== undefined && row.stock !== null) {
      if (!Number.isInteger(row.stock) || row.stock < 0) {
        at("stock", "Input should be greater than or equal to 0", "greater_than_equal");
      } else if (row.stock > MAX_STOCK) {
        at("stock", "Input should be less than or equal to 1000000", "less_than_equal");
      }
    }
    if (typeof row.category === "string" && !row.category.trim()) {
      at("category", "String should have at least 1 character", "string_too_short");
    }
  });
  return errors;
}

/** The rows the API refuses on the catalog's own rules (422 bulk_rejected). */
function refusedRows(rows: BulkRow[]): RowProblem[] {
  const problems: RowProblem[] = [];
  const seen = new Set<number>();
  rows.forEach((row, index) => {
    if (!backend.products.some((product) => product.id === row.id)) {
      problems.push({
        row: index,
        product_id: row.id,
        field: "id",
        message: `Product ${row.id} not found`,
      });
    } else if (seen.has(row.id)) {
      problems.push({
        row: index,
        product_id: row.id,
        field: "id",
        message: "This product is already in the request",
      });
    }
    seen.add(row.id);
  });
  return problems;
}

function applyRow(row: BulkRow): Product {
  const product = backend.products.find((p) => p.id === row.id)!;
  if (row.price !== undefined && row.price !== null) {
    product.price = fromCents(toCents(String(row.price)));
  }
  if (row.stock !== undefined && row.stock !== null) {
    product.stock = row.stock;
    product.in_stock = row.stock > 0;
  }
  if (row.category !== undefined) product.category = row.category?.trim().toLowerCase() ?? null;
  if (row.is_active !== undefined && row.is_active !== null) product.is_active = row.is_active;
  product.updated_at = BULK_UPDATED_AT;
  return { ...product };
}

export const handlers: RequestHandler[] = [
  http.get("/products/", ({ request, response }) => {
    const params = new URL(request.url).searchParams;
    if (!isAdminListing(params)) return undefined; // the shop's own listing
    if (needsAdmin(params) && caller(request)?.role !== "admin") return adminRequired();
    const found = matching(params);
    const skip = Number(params.get("skip") ?? 0);
    const limit = Number(params.get("limit") ?? 20);
    if (limit > 100) {
      return error(422, "validation_error", "Invalid input", {
        errors: [
          {
            loc: ["query", "limit"],
            msg: "Input should be less than or equal to 100",
            type: "less_than_equal",
          },
        ],
      });
    }
    return response(200).json(found.slice(skip, skip + limit), {
      headers: { "X-Total-Count": String(found.length) },
    });
  }),

  http.get("/products/export", ({ request, response }) => {
    const user = caller(request);
    if (!user) return notAuthenticated();
    if (user.role !== "admin") return adminRequired();
    const csv = toCsv(matching(new URL(request.url).searchParams));
    return response.untyped(
      new HttpResponse(csv, {
        headers: {
          "Content-Type": "text/csv; charset=utf-8",
          "Content-Disposition": 'attachment; filename="products.csv"',
        },
      }),
    );
  }),

  http.patch("/products/bulk", async ({ request, response }) => {
    const user = caller(request);
    if (!user) return notAuthenticated();
    if (user.role !== "admin") return adminRequired();
    const body = await request.json();
    adminProducts.bulkRequests.push(body);
    const rows = body.products;
    if (rows.length < 1 || rows.length > MAX_BULK_ROWS) {
      return error(422, "validation_error", "Invalid input", {
        errors: [
          {
            loc: ["body", "products"],
            msg: `List should have 1 to ${MAX_BULK_ROWS} items`,
            type: "too_long",
          },
        ],
      });
    }
    const invalid = invalidFields(rows);
    if (invalid.length) {
      return error(422, "validation_error", "Invalid input", { errors: invalid });
    }
    const problems = refusedRows(rows);
    if (problems.length) {
      return error(
        422,
        "bulk_rejected",
        `${problems.length} of ${rows.length} rows were refused; nothing was changed`,
        { rows: problems },
      );
    }
    return response(200).json(rows.map(applyRow));
  }),
];

/** An administrator (id 1, "ada") the tests log in as: `renderApp(url, { user: anAdmin() })`. */
export function anAdmin(): number {
  backend.users.push({ ...aUser({ id: 1, role: "admin", username: "ada" }), password: "x" });
  return 1;
}
