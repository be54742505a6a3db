/** The API's rules for products (catalog/schemas.py), checked before a form is sent. */
import { type Schemas, toApiError } from "@/lib/api-client";

type Product = Schemas["ProductRead"];

export const NAME_MAX = 200;
export const SKU_MAX = 64;
export const DESCRIPTION_MAX = 10_000;
export const CATEGORY_MAX = 100;
export const MAX_STOCK = 1_000_000;
export const NOTE_MAX = 500;

const SKU = /^[A-Za-z0-9][A-Za-z0-9._/-]*$/;
const PRICE = /^\d+(\.\d{1,2})?$/;
const WHOLE_NUMBER = /^\d+$/;
const SIGNED_WHOLE_NUMBER = /^[-+]?\d+$/;
const PRICE_LIMIT_CENTS = 100_000_000; // prices are under 1,000,000

export const SKU_HINT = "Optional. Letters, digits and . _ / - (starting with a letter or digit).";

/** What the form edits, as typed. */
export interface ProductValues {
  name: string;
  sku: string;
  description: string;
  price: string;
  stock: string;
  category: string;
  isActive: boolean;
}

export type ProductField = Exclude<keyof ProductValues, "isActive">;
export type FieldErrors = Partial<Record<ProductField, string>>;

export const EMPTY_VALUES: ProductValues = {
  name: "",
  sku: "",
  description: "",
  price: "",
  stock: "0",
  category: "",
  isActive: true,
};

export function valuesOf(product: Product): ProductValues {
  return {
    name: product.name,
    sku: product.sku ?? "",
    description: product.description,
    price: product.price,
    stock: String(product.stock),
    category: product.category ?? "",
    isActive: product.is_active,
  };
}

export function sameValues(a: ProductValues, b: ProductValues): boolean {
  return (Object.keys(a) as (keyof ProductValues)[]).every((key) => a[key] === b[key]);
}

export function nameError(name: string): string | undefined {
  if (!name.trim()) return "Enter a name.";
  if (name.trim().length > NAME_MAX) return `Use at most ${NAME_MAX} characters.`;
  return undefined;
}

export function skuError(sku: string): string | undefined {
  const value = sku.trim();
  if (!value) return undefined;
  if (value.length > SKU_MAX) return `Use at most ${SKU_MAX} characters.`;
  if (!SKU.test(value)) {
    return "Use only letters, digits and . _ / -, starting with a letter or digit.";
  }
  return undefined;
}

export function priceError(price: string): string | undefined {
  const value = price.trim();
  if (!value) return "Enter a price.";
  if (!PRICE.test(value)) return "Enter a price like 12.50 (at most two decimals).";
  const [whole = "0", fraction = ""] = value.split(".");
  const cents = Number(whole) * 100 + Number(fraction.padEnd(2, "0"));
  if (cents <= 0) return "The price must be more than 0.";
  if (cents >= PRICE_LIMIT_CENTS) return "The price must be under 1,000,000.";
  return undefined;
}

export function stockError(stock: string): string | undefined {
  const value = stock.trim();
  if (!WHOLE_NUMBER.test(value) || Number(value) > MAX_STOCK) {
    return `Enter a whole number from 0 to ${MAX_STOCK.toLocaleString("en")}.`;
  }
  return undefined;
}

export function productErrors(
  values: ProductValues,
  { withStock }: { withStock: boolean },
): FieldErrors {
  const found: [ProductField, string | undefined][] = [
    ["name", nameError(values.name)],
    ["sku", skuError(values.sku)],
    [
      "description",
      values.description.length > DESCRIPTION_MAX
        ? `Use at most ${DESCRIPTION_MAX.toLocaleString("en")} characters.`
        : undefined,
    ],
    ["price", priceError(values.price)],
    ["stock", withStock ? stockError(values.stock) : undefined],
    [
      "category",
      values.category.trim().length > CATEGORY_MAX
        ? `Use at most ${CATEGORY_MAX} characters.`
        : undefined,
    ],
  ];
  const errors: FieldErrors = {};
  for (const [field, message] of found) if (message) errors[field] = message;
  return errors;
}

/** What POST /products/ is sent for the values. */
export function createBody(values: ProductValues): Schemas["ProductCreate"] {
  return {
    name: values.name.trim(),
    sku: values.sku.trim() || null,
    description: values.description,
    price: values.price.trim(),
    stock: Number(values.stock.trim()),
    category: values.category.trim() || null,
    is_active: values.isActive,
  };
}

/** What PUT /products/{id} is sent: only the fields that differ from `base`. */
export function updateBody(values: ProductValues, base: ProductValues): Schemas["ProductUpdate"] {
  const changes: Schemas["ProductUpdate"] = {};
  if (values.name !== base.name) changes.name = values.name.trim();
  if (values.sku !== base.sku) changes.sku = values.sku.trim() || null;
  if (values.description !== base.description) changes.description = values.description;
  if (values.price !== base.price) changes.price = values.price.trim();
  if (values.category !== base.category) changes.category = values.category.trim() || null;
  if (values.isActive !== base.isActive) changes.is_active = values.isActive;
  return changes;
}

const FIELDS = new Set<string>(["name", "sku", "description", "price", "stock", "category"]);

/** A failed save: messages for the form's fields, or one for the whole form. */
export function productSubmitErrors(caught: unknown): {
  fields: FieldErrors;
  message: string | null;
} {
  const error = toApiError(caught);
  if (error.code === "sku_taken") return { fields: { sku: error.message }, message: null };
  const fields = Object.fromEntries(
    Object.entries(error.fieldErrors).filter(([field]) => FIELDS.has(field)),
  ) as FieldErrors;
  return { fields, message: Object.keys(fields).length ? null : error.message };
}

/** A stock change as typed: its problem, or the stock it would leave. */
export function stockChangeCheck(
  delta: string,
  stock: number,
): { error: string; after?: undefined } | { error?: undefined; after: number } {
  const value = delta.trim();
  if (!SIGNED_WHOLE_NUMBER.test(value)) {
    return { error: "Enter a whole number, negative to take stock away." };
  }
  const change = Number(value);
  if (change === 0) return { error: "Enter a change other than 0." };
  if (Math.abs(change) > MAX_STOCK) {
    return { error: `Change stock by at most ${MAX_STOCK.toLocaleString("en")} at a time.` };
  }
  if (stock + change < 0) {
    return { error: `Stock cannot go below zero: only ${stock} in stock.` };
  }
  return { after: stock + change };
}
