/**
 * A small in-memory stand-in for the API, answering through MSW with the API's own shapes
 * and error bodies. Each test starts from `resetBackend()` and arranges what it needs.
 */
import { HttpResponse } from "msw";

import type { Schemas } from "@/lib/api-client";

import { aProduct, anOrder, aUser, tokens } from "@/testing/data";
import { http } from "@/testing/http";

type Product = Schemas["ProductRead"];
type User = Schemas["UserRead"];
type Review = Schemas["ReviewRead"];
type OrderDetail = Schemas["OrderDetail"];

export interface Backend {
  shop: Schemas["ShopRead"];
  products: Product[];
  users: (User & { password: string })[];
  reviews: Review[];
  orders: OrderDetail[];
  /** Who the refresh cookie belongs to (null: no cookie). */
  sessionUserId: number | null;
  accessTokens: Map<string, number>;
  cartReports: Schemas["CartUpdate"][];
  placedKeys: Map<string, number>;
}

export const backend: Backend = {} as Backend;

export function resetBackend(): void {
  Object.assign(backend, {
    shop: { name: "Test Shop", currency: "EUR", timezone: "UTC" },
    products: [aProduct({ id: 1 }), aProduct({ id: 2, name: "Product 2", price: "5.50" })],
    users: [{ ...aUser(), password: "correct-horse" }],
    reviews: [],
    orders: [],
    sessionUserId: null,
    accessTokens: new Map(),
    cartReports: [],
    placedKeys: new Map(),
  } satisfies Backend);
}

/** Log `user` in on the fake backend, as if the refresh cookie were set. */
export function signIn(userId = 7): void {
  backend.sessionUserId = userId;
  localStorage.setItem("webshop.signed-in", "1");
}

type ErrorBody = Schemas["ErrorResponse"];

/** An error in the API's shape; typed as no particular answer, so any handler may return it. */
function error(
  status: number,
  code: ErrorBody["code"],
  detail: string,
  extra: Partial<ErrorBody> = {},
): HttpResponse<never> {
  return HttpResponse.json(
    { detail, code, ...extra },
    { status },
  ) as unknown as HttpResponse<never>;
}

function issue(userId: number): Schemas["TokenPair"] {
  const pair = tokens(`token-${userId}-${backend.accessTokens.size + 1}`);
  backend.accessTokens.set(pair.access_token, userId);
  backend.sessionUserId = userId;
  return pair;
}

function caller(request: Request): (User & { password: string }) | undefined {
  const token = request.headers.get("Authorization")?.replace(/^Bearer /, "") ?? "";
  const userId = backend.accessTokens.get(token);
  return backend.users.find((user) => user.id === userId);
}

const notAuthenticated = () => error(401, "not_authenticated", "Could not validate credentials");
const notFound = (what = "Product") => error(404, "not_found", `${what} not found`);

function withoutPassword(user: User & { password?: string }): User {
  const { password: _password, ...rest } = user;
  return rest;
}

export const handlers = [
  http.get("/shop", ({ response }) => response(200).json(backend.shop)),

  http.get("/products/", ({ query, response }) => {
    const q = query.get("q")?.toLowerCase();
    const category = query.get("category");
    const inStock = query.get("in_stock") === "true";
    const min = query.get("min_price");
    const max = query.get("max_price");
    const matches = backend.products.filter(
      (product) =>
        product.is_active &&
        (!q || product.name.toLowerCase().includes(q)) &&
        (!category || product.category === category) &&
        (!inStock || product.stock > 0) &&
        (!min || Number(product.price) >= Number(min)) &&
        (!max || Number(product.price) <= Number(max)),
    );
    const skip = Number(query.get("skip") ?? 0);
    const limit = Number(query.get("limit") ?? 20);
    return response(200).json(matches.slice(skip, skip + limit), {
      headers: { "X-Total-Count": String(matches.length) },
    });
  }),

  http.get("/products/categories", ({ response }) => {
    const counts = new Map<string, number>();
    for (const product of backend.products) {
      if (product.category) counts.set(product.category, (counts.get(product.category) ?? 0) + 1);
    }
    return response(200).json(
      [...counts].map(([name, product_count]) => ({ name, product_count })),
    );
  }),

  http.get("/products/{product_id}", ({ params, response }) => {
    const product = backend.products.find((p) => p.id === Number(params.product_id));
    if (!product?.is_active)
      return response(404).json({ detail: "Product not found", code: "not_found" });
    return response(200).json(product);
  }),

  http.get("/products/{product_id}/reviews", ({ params, query, response }) => {
    const userId = query.get("user_id");
    const reviews = backend.reviews.filter(
      (review) =>
        review.product_id === Number(params.product_id) &&
        (!userId || review.user_id === Number(userId)),
    );
    const skip = Number(query.get("skip") ?? 0);
    const limit = Number(query.get("limit") ?? 20);
    return response(200).json(reviews.slice(skip, skip + limit), {
      headers: { "X-Total-Count": String(reviews.length) },
    });
  }),

  http.post("/products/{product_id}/reviews", async ({ params, request, response }) => {
    const user = caller(request);
    if (!user) return notAuthenticated();
    const body = await request.json();
    const review: Review = {
      id: backend.reviews.length + 1,
      product_id: Number(params.product_id),
      user_id: user.id,
      username: user.username,
      rating: body.rating,
      comment: body.comment,
      verified_purchase: false,
      created_at: "2026-11-30T12:00:00Z",
      updated_at: "2026-11-30T12:00:00Z",
    };
    backend.reviews.unshift(review);
    return response(201).json(review);
  }),

  http.put("/products/{product_id}/reviews/{review_id}", async ({ params, request, response }) => {
    const user = caller(request);
    if (!user) return notAuthenticated();
    const review = backend.reviews.find((r) => r.id === Number(params.review_id));
    if (!review) return notFound("Review");
    const body = await request.json();
    Object.assign(review, {
      rating: body.rating ?? review.rating,
      comment: body.comment ?? review.comment,
    });
    return response(200).json(review);
  }),

  http.delete("/products/{product_id}/reviews/{review_id}", ({ params, request, response }) => {
    if (!caller(request)) return notAuthenticated();
    backend.reviews = backend.reviews.filter((r) => r.id !== Number(params.review_id));
    return response(204).empty();
  }),

  http.post("/auth/login", async ({ request, response }) => {
    const form = new URLSearchParams(await (request as Request).text());
    const user = backend.users.find(
      (u) =>
        (u.email === form.get("username") || u.username === form.get("username")) &&
        u.password === form.get("password"),
    );
    if (!user) return error(401, "invalid_credentials", "Incorrect username or password");
    return response(200).json(issue(user.id));
  }),

  http.post("/auth/register", async ({ request, response }) => {
    const body = await request.json();
    if (backend.users.some((user) => user.email === body.email)) {
      return error(409, "email_taken", "Email already registered");
    }
    if (backend.users.some((user) => user.username === body.username)) {
      return error(409, "username_taken", "Username already taken");
    }
    const user = {
      ...aUser({ id: backend.users.length + 100, email: body.email, username: body.username }),
      password: body.password,
    };
    backend.users.push(user);
    return response(201).json(withoutPassword(user));
  }),

  http.post("/auth/refresh", ({ response }) => {
    if (backend.sessionUserId === null)
      return error(401, "not_authenticated", "Refresh token missing");
    return response(200).json(issue(backend.sessionUserId));
  }),

  http.post("/auth/logout", ({ response }) => {
    backend.sessionUserId = null;
    return response(204).empty();
  }),

  http.get("/users/me", ({ request, response }) => {
    const user = caller(request);
    return user ? response(200).json(withoutPassword(user)) : notAuthenticated();
  }),

  http.patch("/users/me", async ({ request, response }) => {
    const user = caller(request);
    if (!user) return notAuthenticated();
    const body = await request.json();
    if (body.email && backend.users.some((u) => u.email === body.email && u.id !== user.id)) {
      return error(409, "email_taken", "Email already registered");
    }
    Object.assign(user, {
      email: body.email ?? user.email,
      username: body.username ?? user.username,
    });
    return response(200).json(withoutPassword(user));
  }),

  http.post("/users/me/password", async ({ request, response }) => {
    const user = caller(request);
    if (!user) return notAuthenticated();
    const body = await request.json();
    if (body.current_password !== user.password) {
      return error(400, "wrong_current_password", "Current password is incorrect");
    }
    user.password = body.new_password;
    return response(200).json(issue(user.id));
  }),

  http.post("/events/cart", async ({ request, response }) => {
    if (!caller(request)) return notAuthenticated();
    backend.cartReports.push(await request.json());
    return response(202).json({ event_id: "e-1" });
  }),

  http.post("/orders/", async ({ request, response }) => {
    const user = caller(request);
    if (!user) return notAuthenticated();
    const key = request.headers.get("Idempotency-Key") ?? "";
    const existing = backend.orders.find((o) => o.id === backend.placedKeys.get(key));
    if (existing) return response(201).json(existing);
    const body = await request.json();
    const short = body.items
      .filter((line) => {
        const product = backend.products.find((p) => p.id === line.product_id);
        return !product || product.stock < line.quantity;
      })
      .map((line) => line.product_id);
    if (short.length) {
      return error(409, "out_of_stock", `Not enough stock for product(s): ${short.join(", ")}`, {
        product_ids: short,
      });
    }
    const items = body.items.map((line) => {
      const product = backend.products.find((p) => p.id === line.product_id) ?? aProduct();
      product.stock -= line.quantity;
      const cents = Math.round(Number(product.price) * 100) * line.quantity;
      return {
        product_id: product.id,
        product_name: product.name,
        unit_price: product.price,
        quantity: line.quantity,
        line_total: (cents / 100).toFixed(2),
      };
    });
    const total = items.reduce((sum, line) => sum + Math.round(Number(line.line_total) * 100), 0);
    const order = anOrder({
      id: backend.orders.length + 41,
      user_id: user.id,
      items,
      total_amount: (total / 100).toFixed(2),
      shipping_address: body.shipping_address ?? null,
      note: body.note ?? null,
    });
    backend.orders.unshift(order);
    backend.placedKeys.set(key, order.id);
    return response(201).json(order);
  }),

  http.get("/orders/detailed", ({ request, query, response }) => {
    const user = caller(request);
    if (!user) return notAuthenticated();
    const mine = backend.orders.filter((order) => order.user_id === user.id);
    const skip = Number(query.get("skip") ?? 0);
    const limit = Number(query.get("limit") ?? 20);
    return response(200).json(mine.slice(skip, skip + limit), {
      headers: { "X-Total-Count": String(mine.length) },
    });
  }),

  http.get("/orders/summary", ({ request, response }) => {
    const user = caller(request);
    if (!user) return notAuthenticated();
    const mine = backend.orders.filter((order) => order.user_id === user.id);
    return response(200).json({
      order_count: mine.length,
      total_spent: "0.00",
      counts_by_status: {},
      last_order: mine[0] ?? null,
    });
  }),

  http.get("/orders/{order_id}", ({ params, request, response }) => {
    const user = caller(request);
    if (!user) return notAuthenticated();
    const order = backend.orders.find(
      (o) => o.id === Number(params.order_id) && o.user_id === user.id,
    );
    return order ? response(200).json(order) : notFound("Order");
  }),

  http.post("/orders/{order_id}/cancel", ({ params, request, response }) => {
    const user = caller(request);
    if (!user) return notAuthenticated();
    const order = backend.orders.find(
      (o) => o.id === Number(params.order_id) && o.user_id === user.id,
    );
    if (!order) return notFound("Order");
    if (order.status !== "pending") {
      return error(
        409,
        "invalid_transition",
        `Cannot change an order from ${order.status} to cancelled`,
        {
          current: order.status,
          requested: "cancelled",
        },
      );
    }
    order.status = "cancelled";
    order.history.push({
      from_status: "pending",
      to_status: "cancelled",
      actor_id: user.id,
      created_at: "2026-11-30T12:00:00Z",
    });
    return response(200).json(order);
  }),
];
