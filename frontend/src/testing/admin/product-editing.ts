/**
 * The fake API's admin product-editing endpoints: create, change, delete and restore a
 * product, its image and its stock (see shop-backend.ts for the shop's). Products live in
 * `backend.products`; stock movements here.
 */
import type { RequestHandler } from "msw";

import type { Schemas } from "@/lib/api-client";

import { aUser } from "@/testing/data";
import { http } from "@/testing/http";
import { backend, caller, error, notAuthenticated, notFound } from "@/testing/shop-backend";

type Product = Schemas["ProductRead"];
type Movement = Schemas["StockMovementRead"];
type FieldError = Schemas["FieldError"];

const MAX_IMAGE_BYTES = 5 * 1024 * 1024;
const IMAGE_TYPES = ["image/jpeg", "image/png", "image/webp", "image/gif"];
const MAX_STOCK = 1_000_000;
const SKU = /^[A-Za-z0-9][A-Za-z0-9._/-]*$/;
const PRICE = /^\d+(\.\d{1,2})?$/;
/** When the fake backend changes something. */
export const EDITED_AT = "2026-12-01T10:00:00Z";

interface ProductEditingState {
  /** Every stock movement, oldest first. */
  movements: Movement[];
  /** The images uploaded, as received: the field's file name, type and size. */
  uploads: { productId: number; name: string; type: string; size: number }[];
}

export const productEditing: ProductEditingState = { movements: [], uploads: [] };

/** Called before every test: back to an empty state. */
export function reset(): void {
  productEditing.movements = [];
  productEditing.uploads = [];
}

/** A stock movement as the API shows it, for tests to arrange history with. */
export function aMovement(fields: Partial<Movement> = {}): Movement {
  return {
    id: productEditing.movements.length + 1,
    product_id: 1,
    delta: 5,
    stock_after: 5,
    reason: "restock",
    actor_id: 1,
    note: null,
    created_at: "2026-11-30T10:00:00Z",
    ...fields,
  };
}

/** Add the administrator "ada" (id 1) to the fake backend, for `renderApp(url, { user })`. */
export function anAdmin(): number {
  backend.users.push({ ...aUser({ id: 1, role: "admin", username: "ada" }), password: "x" });
  return 1;
}

const adminRequired = () => error(403, "admin_required", "Administrator access required");

/** The caller's refusal, when the caller is not an administrator. */
function refusal(request: Request) {
  const user = caller(request);
  if (!user) return notAuthenticated();
  if (user.role !== "admin") return adminRequired();
  return null;
}

/** The product with this id, deleted ones included. */
function find(productId: string | number): Product | undefined {
  return backend.products.find((product) => product.id === Number(productId));
}

function invalid(errors: FieldError[]) {
  return error(422, "validation_error", "The request is invalid", { errors });
}

function fieldError(field: string, msg: string): FieldError {
  return { loc: ["body", field], msg, type: "value_error" };
}

type Fields = Partial<Schemas["ProductCreate"]>;

/** What the API's schema refuses in a create or update body. */
function validate(body: Fields, { partial }: { partial: boolean }): FieldError[] {
  const errors: FieldError[] = [];
  const name = body.name?.trim();
  if ((!partial || body.name !== undefined) && (!name || name.length > 200)) {
    errors.push(fieldError("name", "String should have 1 to 200 characters"));
  }
  const sku = body.sku?.trim();
  if (sku !== undefined && (!sku || sku.length > 64 || !SKU.test(sku))) {
    errors.push(fieldError("sku", "String should match pattern"));
  }
  const price = body.price === undefined ? undefined : String(body.price);
  if (!partial || price !== undefined) {
    if (!price || !PRICE.test(price) || Number(price) <= 0 || Number(price) >= 1_000_000) {
      errors.push(fieldError("price", "Input should be a valid price"));
    }
  }
  if (
    body.stock !== undefined &&
    (!Number.isInteger(body.stock) || body.stock < 0 || body.stock > MAX_STOCK)
  ) {
    errors.push(fieldError("stock", "Input should be a whole number from 0 to 1000000"));
  }
  return errors;
}

function skuTaken(sku: string | null | undefined, productId?: number): boolean {
  const wanted = sku?.trim().toLowerCase();
  return Boolean(
    wanted &&
    backend.products.some(
      (product) => product.id !== productId && product.sku?.toLowerCase() === wanted,
    ),
  );
}

const skuTakenError = () => error(409, "sku_taken", "Another product already has this SKU");

function record(product: Product, delta: number, reason: Movement["reason"], note?: string | null) {
  product.stock += delta;
  product.in_stock = product.stock > 0;
  const movement = aMovement({
    id: productEditing.movements.length + 1,
    product_id: product.id,
    delta,
    stock_after: product.stock,
    reason,
    note: note ?? null,
    created_at: EDITED_AT,
  });
  productEditing.movements.push(movement);
  return movement;
}

export const handlers: RequestHandler[] = [
  // An administrator reads deleted products too; anyone else gets the shop's answer.
  http.get("/products/{product_id}", ({ params, request, response }) => {
    if (!/^\d+$/.test(params.product_id) || caller(request)?.role !== "admin") return undefined;
    const product = find(params.product_id);
    return product ? response(200).json(product) : notFound();
  }),

  http.post("/products/", async ({ request, response }) => {
    const refused = refusal(request);
    if (refused) return refused;
    const body = await request.json();
    const errors = validate(body, { partial: false });
    if (errors.length) return invalid(errors);
    if (skuTaken(body.sku)) return skuTakenError();
    const product: Product = {
      id: Math.max(0, ...backend.products.map((p) => p.id)) + 1,
      name: body.name.trim(),
      sku: body.sku?.trim() ?? null,
      description: body.description,
      price: Number(body.price).toFixed(2),
      stock: 0,
      in_stock: false,
      category: body.category?.trim().toLowerCase() ?? null,
      image_url: null,
      thumbnail_url: null,
      is_active: body.is_active,
      average_rating: null,
      review_count: 0,
      created_at: EDITED_AT,
      updated_at: EDITED_AT,
    };
    backend.products.push(product);
    if (body.stock) record(product, body.stock, "initial");
    return response(200).json(product);
  }),

  http.put("/products/{product_id}", async ({ params, request, response }) => {
    const refused = refusal(request);
    if (refused) return refused;
    const product = find(params.product_id);
    if (!product) return notFound();
    const body = await request.json();
    const errors = validate({ ...body, sku: body.sku ?? undefined } as Fields, { partial: true });
    if (errors.length) return invalid(errors);
    if (skuTaken(body.sku, product.id)) return skuTakenError();
    if (body.name) product.name = body.name.trim();
    if (body.sku !== undefined) product.sku = body.sku?.trim() ?? null;
    if (body.description !== undefined && body.description !== null) {
      product.description = body.description;
    }
    if (body.price) product.price = Number(body.price).toFixed(2);
    if (body.category !== undefined) product.category = body.category?.trim().toLowerCase() ?? null;
    if (body.is_active !== undefined && body.is_active !== null) {
      product.is_active = body.is_active;
    }
    if (body.stock !== undefined && body.stock !== null && body.stock !== product.stock) {
      record(product, body.stock - product.stock, "adjustment");
    }
    product.updated_at = EDITED_AT;
    return response(200).json(product);
  }),

  http.delete("/products/{product_id}", ({ params, request, response }) => {
    const refused = refusal(request);
    if (refused) return refused;
    const product = find(params.product_id);
    if (!product?.is_active) return notFound();
    product.is_active = false;
    return response(204).empty();
  }),

  http.post("/products/{product_id}/image", async ({ params, request, response }) => {
    const refused = refusal(request);
    if (refused) return refused;
    const product = find(params.product_id);
    if (!product) return notFound();
    const file = (await request.formData()).get("image");
    if (file === null || typeof file === "string") {
      return invalid([{ loc: ["body", "image"], msg: "Field required", type: "missing" }]);
    }
    productEditing.uploads.push({
      productId: product.id,
      name: file.name,
      type: file.type,
      size: file.size,
    });
    if (file.size > MAX_IMAGE_BYTES) {
      return error(413, "image_too_large", "Images may be at most 5 MB");
    }
    if (!IMAGE_TYPES.includes(file.type)) {
      return error(422, "not_an_image", "The file is not a JPEG, PNG, WebP or GIF image");
    }
    const number = productEditing.uploads.length;
    product.image_url = `/media/products/${product.id}-${number}.png`;
    product.thumbnail_url = `/media/products/${product.id}-${number}_thumb.webp`;
    product.updated_at = EDITED_AT;
    return response(200).json(product);
  }),

  http.delete("/products/{product_id}/image", ({ params, request, response }) => {
    const refused = refusal(request);
    if (refused) return refused;
    const product = find(params.product_id);
    if (!product) return notFound();
    product.image_url = null;
    product.thumbnail_url = null;
    product.updated_at = EDITED_AT;
    return response(200).json(product);
  }),

  http.post("/products/{product_id}/stock", async ({ params, request, response }) => {
    const refused = refusal(request);
    if (refused) return refused;
    const product = find(params.product_id);
    if (!product) return notFound();
    const body = await request.json();
    if (!Number.isInteger(body.delta) || Math.abs(body.delta) > MAX_STOCK) {
      return invalid([fieldError("delta", "Input should be a valid integer")]);
    }
    if ((body.note?.length ?? 0) > 500) {
      return invalid([fieldError("note", "String should have at most 500 characters")]);
    }
    if (product.stock + body.delta < 0) {
      return error(409, "out_of_stock", `Not enough stock for product(s): ${product.id}`, {
        product_ids: [product.id],
      });
    }
    return response(201).json(record(product, body.delta, body.reason, body.note?.trim() || null));
  }),

  http.get("/products/{product_id}/stock-history", ({ params, query, request, response }) => {
    const refused = refusal(request);
    if (refused) return refused;
    if (!find(params.product_id)) return notFound();
    const mine = productEditing.movements
      .filter((movement) => movement.product_id === Number(params.product_id))
      .toSorted((a, b) => b.id - a.id);
    const skip = Number(query.get("skip") ?? 0);
    const limit = Number(query.get("limit") ?? 50);
    return response(200).json(mine.slice(skip, skip + limit), {
      headers: { "X-Total-Count": String(mine.length) },
    });
  }),
];
