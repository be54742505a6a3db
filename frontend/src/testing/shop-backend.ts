/**
 * A small in-memory stand-in for the API, answering through MSW with the API's own shapes
 * and error bodies. Each test starts from `resetBackend()` and arranges what it needs.
 */
import { HttpResponse } from "msw";

import type { Schemas } from "@/lib/api-client";

import { aProduct, anOrder, aSession, aUser, tokens } from "@/testing/data";
import { http } from "@/testing/http";

type Product = Schemas["ProductRead"];
type User = Schemas["UserRead"];
type Review = Schemas["ReviewRead"];
type OrderDetail = Schemas["OrderDetail"];
/** A login session as the API keeps it: whose it is; `current` depends on who asks. */
export type StoredSession = Omit<Schemas["SessionRead"], "current"> & { userId: number };

export interface Backend {
  shop: Schemas["ShopRead"];
  products: Product[];
  users: (User & { password: string })[];
  reviews: Review[];
  orders: OrderDetail[];
  /** Who the refresh cookie belongs to (null: no cookie). */
  sessionUserId: number | null;
  accessTokens: Map<string, number>;
  /** Every login session (a device logged in to an account). */
  sessions: StoredSession[];
  /** The session of this browser's refresh cookie (null: none yet). */
  sessionId: string | null;
  /** The session each access token was issued for (tokens a test sets by hand have none). */
  tokenSessions: Map<string, string>;
  cartReports: Schemas["CartUpdate"][];
  placedKeys: Map<string, number>;
  /** Every request the app sent, in order (recorded by setup-tests). */
  requests: SentRequest[];
}

export interface SentRequest {
  method: string;
  /** The path without the query, e.g. "/orders/". */
  path: string;
  search: string;
  /** The Authorization header, if any. */
  authorization: string | null;
  idempotencyKey: string | null;
}

/** The requests sent to `method path` so far. */
export function requestsTo(method: string, path: string): SentRequest[] {
  return backend.requests.filter((request) => request.method === method && request.path === path);
}

export const backend: Backend = {} as Backend;

export function resetBackend(): void {
  fingerprints.clear();
  Object.assign(backend, {
    shop: { name: "Test Shop", currency: "EUR", timezone: "UTC" },
    products: [aProduct({ id: 1 }), aProduct({ id: 2, name: "Product 2", price: "5.50" })],
    users: [{ ...aUser(), password: "correct-horse" }],
    reviews: [],
    orders: [],
    sessionUserId: null,
    accessTokens: new Map(),
    sessions: [],
    sessionId: null,
    tokenSessions: new Map(),
    cartReports: [],
    placedKeys: new Map(),
    requests: [],
  } satisfies Backend);
}

/** Log `user` in on the fake backend, as if the refresh cookie were set. */
export function signIn(userId = 7): void {
  backend.sessionUserId = userId;
  localStorage.setItem("webshop.signed-in", "1");
}

type ErrorBody = Schemas["ErrorResponse"];

/** An error in the API's shape; typed as no particular answer, so any handler may return it. */
export function error(
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

/** What the browser under test is, as a session's device. */
export const THIS_BROWSER = {
  device: "Chrome on Linux",
  user_agent:
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
  ip_address: "192.0.2.10",
};

let sessionNumber = 0;

function newSessionId(): string {
  sessionNumber += 1;
  return `00000000-0000-4000-8000-${String(sessionNumber).padStart(12, "0")}`;
}

/** Another device logged in to `userId`'s account (Safari on an iPhone unless `fields` say). */
export function addSession(
  fields: Partial<Omit<StoredSession, "userId">> = {},
  userId = 7,
): StoredSession {
  const { current: _current, ...session } = aSession({ id: newSessionId(), ...fields });
  const stored = { ...session, userId };
  backend.sessions.push(stored);
  return stored;
}

/** New tokens for this browser's session of `userId` (a new session if it has none). */
function issue(userId: number): Schemas["TokenPair"] {
  const now = new Date().toISOString();
  let session = backend.sessions.find((s) => s.id === backend.sessionId && s.userId === userId);
  if (session) {
    session.last_used_at = now;
  } else {
    session = { id: newSessionId(), userId, ...THIS_BROWSER, created_at: now, last_used_at: now };
    backend.sessions.push(session);
    backend.sessionId = session.id;
  }
  const pair = tokens(`token-${userId}-${backend.accessTokens.size + 1}`);
  backend.accessTokens.set(pair.access_token, userId);
  backend.tokenSessions.set(pair.access_token, session.id);
  backend.sessionUserId = userId;
  return pair;
}

function bearer(request: Request): string {
  return request.headers.get("Authorization")?.replace(/^Bearer /, "") ?? "";
}

/** The session a request's access token was issued for, while that session lasts. */
function sessionOf(request: Request): StoredSession | undefined {
  const id = backend.tokenSessions.get(bearer(request));
  return backend.sessions.find((session) => session.id === id);
}

/** End the sessions `ended` picks: their access tokens stop working at once. */
export function endSessions(ended: (session: StoredSession) => boolean): void {
  backend.sessions = backend.sessions.filter((session) => !ended(session));
}

export function caller(request: Request): (User & { password: string }) | undefined {
  const token = bearer(request);
  const userId = backend.accessTokens.get(token);
  if (backend.tokenSessions.has(token) && !sessionOf(request)) return undefined; // ended
  return backend.users.find((user) => user.id === userId);
}

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
const emailTaken = () => error(409, "email_taken", "An account with this email already exists");
const usernameTaken = () => error(409, "username_taken", "This username is already taken");
export const notAuthenticated = () =>
  error(401, "not_authenticated", "Could not validate credentials");
export const notFound = (what = "Product") => error(404, "not_found", `${what} not found`);

const cents = (amount: string) => Math.round(Number(amount) * 100);
const money = (total: number) => (total / 100).toFixed(2);
// What each placed order was asked with, so a key reused for another order is refused.
const fingerprints = new Map<number, string>();

/** The API's orders for the sorts it knows; without one, the products as arranged. */
export function sortProducts(products: Product[], sort: string | null): Product[] {
  const byId = (a: Product, b: Product) => a.id - b.id;
  switch (sort) {
    case "price_asc":
      return products.toSorted((a, b) => cents(a.price) - cents(b.price) || byId(a, b));
    case "price_desc":
      return products.toSorted((a, b) => cents(b.price) - cents(a.price) || byId(b, a));
    case "name":
      return products.toSorted(
        (a, b) => a.name.toLowerCase().localeCompare(b.name.toLowerCase()) || byId(a, b),
      );
    case "rating":
      return products.toSorted(
        (a, b) =>
          (b.average_rating ?? -1) - (a.average_rating ?? -1) ||
          b.review_count - a.review_count ||
          byId(a, b),
      );
    default:
      return products;
  }
}

/** The product's rating as the API derives it from its reviews. */
function rerate(productId: number): void {
  const product = backend.products.find((p) => p.id === productId);
  if (!product) return;
  const ratings = backend.reviews.filter((r) => r.product_id === productId).map((r) => r.rating);
  product.review_count = ratings.length;
  product.average_rating = ratings.length
    ? Math.round((ratings.reduce((a, b) => a + b, 0) / ratings.length) * 100) / 100
    : null;
}

function forSale(productId: number): Product | undefined {
  return backend.products.find((p) => p.id === productId && p.is_active);
}

export function withoutPassword(user: User & { password?: string }): User {
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
    const sorted = sortProducts(matches, query.get("sort"));
    const skip = Number(query.get("skip") ?? 0);
    const limit = Number(query.get("limit") ?? 20);
    return response(200).json(sorted.slice(skip, skip + limit), {
      headers: { "X-Total-Count": String(matches.length) },
    });
  }),

  http.get("/products/categories", ({ response }) => {
    const counts = new Map<string, number>();
    for (const product of backend.products) {
      if (product.is_active && product.category) {
        counts.set(product.category, (counts.get(product.category) ?? 0) + 1);
      }
    }
    return response(200).json(
      [...counts]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([name, product_count]) => ({ name, product_count })),
    );
  }),

  http.get("/products/{product_id}", ({ params, response }) => {
    const product = backend.products.find((p) => p.id === Number(params.product_id));
    if (!product?.is_active)
      return response(404).json({ detail: "Product not found", code: "not_found" });
    return response(200).json(product);
  }),

  http.get("/products/{product_id}/reviews", ({ params, query, response }) => {
    if (!forSale(Number(params.product_id))) return notFound();
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
    const productId = Number(params.product_id);
    if (!forSale(productId)) return notFound();
    if (backend.reviews.some((r) => r.product_id === productId && r.user_id === user.id)) {
      return error(
        409,
        "already_reviewed",
        "You have already reviewed this product; edit your review instead",
      );
    }
    const body = await request.json();
    const review: Review = {
      id: Math.max(0, ...backend.reviews.map((r) => r.id)) + 1,
      product_id: productId,
      user_id: user.id,
      username: user.username,
      rating: body.rating,
      comment: body.comment,
      verified_purchase: backend.orders.some(
        (order) =>
          order.user_id === user.id &&
          order.status === "delivered" &&
          order.items.some((line) => line.product_id === productId),
      ),
      created_at: "2026-11-30T12:00:00Z",
      updated_at: "2026-11-30T12:00:00Z",
    };
    backend.reviews.unshift(review);
    rerate(productId);
    return response(201).json(review);
  }),

  http.put("/products/{product_id}/reviews/{review_id}", async ({ params, request, response }) => {
    const user = caller(request);
    if (!user) return notAuthenticated();
    const review = backend.reviews.find(
      (r) => r.id === Number(params.review_id) && r.product_id === Number(params.product_id),
    );
    if (!review) return notFound("Review");
    if (review.user_id !== user.id) {
      return error(403, "not_your_review", "You can only change your own review");
    }
    const body = await request.json();
    Object.assign(review, {
      rating: body.rating ?? review.rating,
      comment: body.comment ?? review.comment,
      updated_at: "2026-11-30T13:00:00Z",
    });
    rerate(review.product_id);
    return response(200).json(review);
  }),

  http.delete("/products/{product_id}/reviews/{review_id}", ({ params, request, response }) => {
    const user = caller(request);
    if (!user) return notAuthenticated();
    const review = backend.reviews.find(
      (r) => r.id === Number(params.review_id) && r.product_id === Number(params.product_id),
    );
    if (!review) return notFound("Review");
    if (review.user_id !== user.id && user.role !== "admin") {
      return error(
        403,
        "not_your_review",
        "Only the author or an administrator can delete this review",
      );
    }
    backend.reviews = backend.reviews.filter((r) => r !== review);
    rerate(review.product_id);
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
    backend.sessionId = null; // a new login is a new session
    return response(200).json(issue(user.id));
  }),

  http.post("/auth/register", async ({ request, response }) => {
    const body = await request.json();
    if (backend.users.some((user) => same(user.email, body.email))) {
      return emailTaken();
    }
    if (backend.users.some((user) => same(user.username, body.username))) {
      return usernameTaken();
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
    if (backend.sessionId !== null && !backend.sessions.some((s) => s.id === backend.sessionId)) {
      backend.sessionUserId = null;
      backend.sessionId = null;
      return error(401, "session_ended", "This session has ended; please log in again");
    }
    return response(200).json(issue(backend.sessionUserId));
  }),

  http.post("/auth/logout", ({ response }) => {
    endSessions((session) => session.id === backend.sessionId);
    backend.sessionUserId = null;
    backend.sessionId = null;
    return response(204).empty();
  }),

  http.get("/auth/sessions", ({ request, response }) => {
    const user = caller(request);
    if (!user) return notAuthenticated();
    const current = sessionOf(request)?.id ?? backend.sessionId;
    const mine = backend.sessions
      .filter((session) => session.userId === user.id)
      .toSorted((a, b) => b.last_used_at.localeCompare(a.last_used_at));
    return response(200).json(
      mine.map(({ userId: _userId, ...session }) => ({
        ...session,
        current: session.id === current,
      })),
    );
  }),

  http.delete("/auth/sessions", ({ request, response }) => {
    const user = caller(request);
    if (!user) return notAuthenticated();
    const current = sessionOf(request)?.id ?? backend.sessionId;
    endSessions((session) => session.userId === user.id && session.id !== current);
    return response(204).empty();
  }),

  http.delete("/auth/sessions/{session_id}", ({ params, request, response }) => {
    const user = caller(request);
    if (!user) return notAuthenticated();
    const id = params.session_id;
    if (!backend.sessions.some((session) => session.id === id && session.userId === user.id)) {
      return error(404, "session_not_found", "No such session of yours is active");
    }
    endSessions((session) => session.id === id);
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
    const others = backend.users.filter((u) => u.id !== user.id);
    if (body.email && others.some((u) => same(u.email, body.email ?? ""))) return emailTaken();
    if (body.username && others.some((u) => same(u.username, body.username ?? ""))) {
      return usernameTaken();
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
      return error(422, "wrong_current_password", "Current password is incorrect");
    }
    user.password = body.new_password;
    // Every session ends; this device goes on in a new one.
    endSessions((session) => session.userId === user.id);
    backend.sessionId = null;
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
    const key = request.headers.get("Idempotency-Key");
    const body = await request.json();
    const fingerprint = JSON.stringify(body);
    const existing = key === null ? undefined : backend.placedKeys.get(key);
    if (existing !== undefined) {
      const order = backend.orders.find((o) => o.id === existing);
      const asked = order ? fingerprints.get(order.id) : undefined;
      if (asked !== undefined && asked !== fingerprint) {
        return error(
          409,
          "idempotency_key_reused",
          "This Idempotency-Key was already used for a different order",
        );
      }
      if (order) return response(201).json(order);
    }
    const quantities = new Map<number, number>();
    for (const line of body.items) {
      quantities.set(line.product_id, (quantities.get(line.product_id) ?? 0) + line.quantity);
    }
    const ids = [...quantities.keys()].sort((x, y) => x - y);
    const unavailable = ids.filter((id) => !forSale(id));
    if (unavailable.length) {
      return error(
        422,
        "products_unavailable",
        `Products not available: ${unavailable.join(", ")}`,
        {
          product_ids: unavailable,
        },
      );
    }
    const short = ids.filter((id) => (forSale(id)?.stock ?? 0) < (quantities.get(id) ?? 0));
    if (short.length) {
      return error(409, "out_of_stock", `Not enough stock for product(s): ${short.join(", ")}`, {
        product_ids: short,
      });
    }
    const items = ids.map((id) => {
      const product = forSale(id)!;
      const quantity = quantities.get(id) ?? 0;
      product.stock -= quantity;
      product.in_stock = product.stock > 0;
      return {
        product_id: product.id,
        product_name: product.name,
        unit_price: product.price,
        quantity,
        line_total: money(cents(product.price) * quantity),
      };
    });
    const order = anOrder({
      id: Math.max(40, ...backend.orders.map((o) => o.id)) + 1,
      user_id: user.id,
      items,
      total_amount: money(items.reduce((sum, line) => sum + cents(line.line_total), 0)),
      shipping_address: body.shipping_address ?? null,
      note: body.note ?? null,
    });
    backend.orders.unshift(order);
    fingerprints.set(order.id, fingerprint);
    if (key !== null) backend.placedKeys.set(key, order.id);
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
    const statuses = ["pending", "paid", "shipped", "delivered", "cancelled"] as const;
    const paid = mine.filter((order) => ["paid", "shipped", "delivered"].includes(order.status));
    return response(200).json({
      order_count: mine.length,
      total_spent: money(paid.reduce((sum, order) => sum + cents(order.total_amount), 0)),
      counts_by_status: Object.fromEntries(
        statuses.map((status) => [status, mine.filter((order) => order.status === status).length]),
      ),
      last_order: mine[0] ?? null,
    });
  }),

  http.get("/orders/{order_id}", ({ params, request, response }) => {
    const user = caller(request);
    if (!user) return notAuthenticated();
    // Customers see their own orders; administrators any.
    const order = backend.orders.find(
      (o) => o.id === Number(params.order_id) && (o.user_id === user.id || user.role === "admin"),
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
        `An order that is ${order.status} cannot become cancelled`,
        { current: order.status, requested: "cancelled" },
      );
    }
    order.status = "cancelled";
    order.next_statuses = [];
    order.history.push({
      from_status: "pending",
      to_status: "cancelled",
      actor_id: user.id,
      created_at: "2026-11-30T12:00:00Z",
    });
    return response(200).json(order);
  }),
];
