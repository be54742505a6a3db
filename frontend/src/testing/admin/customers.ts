/**
 * The fake API's admin customers endpoints, and the ones the console's overview reads (order
 * counts, low stock, account stats). Everything is derived from the shop's `backend` state
 * (users, orders, products), so a test arranges accounts and orders there.
 */
import type { RequestHandler } from "msw";

import type { Schemas } from "@/lib/api-client";

import { http } from "@/testing/http";
import {
  backend,
  caller,
  error,
  notAuthenticated,
  notFound,
  withoutPassword,
} from "@/testing/shop-backend";

type User = Schemas["UserRead"];
type Order = Schemas["OrderDetail"];
type Customer = Schemas["CustomerRead"];

/** Called before every test: back to an empty state. */
export function reset(): void {
  // Nothing of its own: the state is the shop backend's.
}

const PAID = new Set(["paid", "shipped", "delivered"]);
const RECENT_ORDERS = 5;
const FAVOURITE_CATEGORIES = 3;
const DAY_MS = 24 * 60 * 60 * 1000;

const cents = (amount: string) => Math.round(Number(amount) * 100);
const money = (total: number) => (total / 100).toFixed(2);
const time = (iso: string) => Date.parse(iso);

/** A 401 or 403 as the API answers them, or the administrator calling. */
function adminCalling(request: Request): { admin: User } | { refusal: Response } {
  const user = caller(request);
  if (!user) return { refusal: notAuthenticated() };
  if (user.role !== "admin") {
    return { refusal: error(403, "admin_required", "Administrator access required") };
  }
  return { admin: user };
}

const newestFirst = (a: Order, b: Order) => time(b.created_at) - time(a.created_at) || b.id - a.id;

function ordersOf(userId: number): Order[] {
  return backend.orders.filter((order) => order.user_id === userId).sort(newestFirst);
}

/** An order as lists show it: without its history. */
function orderRead(order: Order): Schemas["OrderRead"] {
  return {
    id: order.id,
    user_id: order.user_id,
    status: order.status,
    total_amount: order.total_amount,
    item_count: order.item_count,
    shipping_address: order.shipping_address,
    note: order.note,
    created_at: order.created_at,
    updated_at: order.updated_at,
    items: order.items,
  };
}

function paidCents(orders: Order[]): number {
  return orders
    .filter((order) => PAID.has(order.status))
    .reduce((sum, order) => sum + cents(order.total_amount), 0);
}

function customerRead(user: User): Customer {
  const orders = ordersOf(user.id);
  const { id, email, username, role, is_active, created_at, last_login_at } = user;
  return {
    id,
    email,
    username,
    role,
    is_active,
    created_at,
    last_login_at,
    order_count: orders.length,
    total_spent: money(paidCents(orders)),
    last_order_at: orders[0]?.created_at ?? null,
  };
}

function sortKey(customer: Customer, sort: string | null): number {
  if (sort === "orders") return customer.order_count;
  if (sort === "spent") return cents(customer.total_spent);
  return time(customer.created_at);
}

function favouriteCategories(orders: Order[]): Schemas["CategoryShare"][] {
  const units = new Map<string, number>();
  for (const order of orders) {
    if (order.status === "cancelled") continue;
    for (const line of order.items) {
      const category = backend.products.find((p) => p.id === line.product_id)?.category;
      if (category) units.set(category, (units.get(category) ?? 0) + line.quantity);
    }
  }
  return [...units]
    .sort(([a, x], [b, y]) => y - x || a.localeCompare(b))
    .slice(0, FAVOURITE_CATEGORIES)
    .map(([category, count]) => ({ category, units: count }));
}

const findUser = (id: string) => backend.users.find((user) => user.id === Number(id));
const customerNotFound = () => notFound("Customer");

export const handlers: RequestHandler[] = [
  http.get("/customers/", ({ request, query, response }) => {
    const who = adminCalling(request);
    if ("refusal" in who) return who.refusal;
    const role = query.get("role") ?? "customer";
    const q = query.get("q")?.toLowerCase();
    const sort = query.get("sort");
    const descending = query.get("order") !== "asc";
    const matches = backend.users
      .filter((user) => role === "all" || user.role === role)
      .filter(
        (user) =>
          !q || user.email.toLowerCase().includes(q) || user.username.toLowerCase().includes(q),
      )
      .map(withoutPassword)
      .map(customerRead)
      .sort((a, b) => {
        const order = sortKey(a, sort) - sortKey(b, sort) || a.id - b.id;
        return descending ? -order : order;
      });
    const skip = Number(query.get("skip") ?? 0);
    const limit = Number(query.get("limit") ?? 20);
    return response(200).json(matches.slice(skip, skip + limit), {
      headers: { "X-Total-Count": String(matches.length) },
    });
  }),

  http.get("/customers/{user_id}", ({ params, request, response }) => {
    const who = adminCalling(request);
    if ("refusal" in who) return who.refusal;
    const user = findUser(params.user_id);
    if (!user) return customerNotFound();
    return response(200).json({
      ...customerRead(withoutPassword(user)),
      recent_orders: ordersOf(user.id).slice(0, RECENT_ORDERS).map(orderRead),
    });
  }),

  http.get("/customers/{user_id}/summary", ({ params, request, response }) => {
    const who = adminCalling(request);
    if ("refusal" in who) return who.refusal;
    const user = findUser(params.user_id);
    if (!user) return customerNotFound();
    const orders = ordersOf(user.id);
    const paidCount = orders.filter((order) => PAID.has(order.status)).length;
    const lifetime = paidCents(orders);
    return response(200).json({
      user_id: user.id,
      order_count: orders.length,
      paid_order_count: paidCount,
      lifetime_value: money(lifetime),
      average_order_value: money(paidCount ? Math.round(lifetime / paidCount) : 0),
      first_order_at: orders.at(-1)?.created_at ?? null,
      last_order_at: orders[0]?.created_at ?? null,
      favourite_categories: favouriteCategories(orders),
    });
  }),

  http.patch("/users/{user_id}", async ({ params, request, response }) => {
    // "/users/me" matches this path too: leave it to the shop's handler.
    if (!/^\d+$/.test(params.user_id)) return undefined;
    const who = adminCalling(request);
    if ("refusal" in who) return who.refusal;
    const user = findUser(params.user_id);
    if (!user) return notFound("User");
    const changes = await request.json();
    if (
      user.id === who.admin.id &&
      ((changes.role && changes.role !== user.role) || changes.is_active === false)
    ) {
      return error(
        409,
        "cannot_change_own_access",
        "You cannot change your own role or deactivate your own account",
      );
    }
    Object.assign(user, {
      role: changes.role ?? user.role,
      is_active: changes.is_active ?? user.is_active,
    });
    return response(200).json(withoutPassword(user));
  }),

  http.get("/users/stats", ({ request, response }) => {
    const who = adminCalling(request);
    if ("refusal" in who) return who.refusal;
    const users = backend.users;
    const since = (days: number) =>
      users.filter((user) => time(user.created_at) >= Date.now() - days * DAY_MS).length;
    const active = users.filter((user) => user.is_active).length;
    const customers = users.filter((user) => user.role === "customer").length;
    return response(200).json({
      total: users.length,
      active,
      inactive: users.length - active,
      customers,
      admins: users.length - customers,
      new_last_7_days: since(7),
      new_last_30_days: since(30),
    });
  }),

  http.get("/products/low-stock", ({ request, query, response }) => {
    const who = adminCalling(request);
    if ("refusal" in who) return who.refusal;
    const threshold = Number(query.get("threshold") ?? 5);
    const matches = backend.products
      .filter((product) => product.is_active && product.stock <= threshold)
      .sort((a, b) => a.stock - b.stock || a.id - b.id);
    const skip = Number(query.get("skip") ?? 0);
    const limit = Number(query.get("limit") ?? 50);
    return response(200).json(matches.slice(skip, skip + limit), {
      headers: { "X-Total-Count": String(matches.length) },
    });
  }),
];

/** An account in the fake backend (password "x"). */
export function anAccount(fields: Partial<User> & { id: number; username: string }): User & {
  password: string;
} {
  return {
    email: `${fields.username}@example.com`,
    role: "customer",
    is_active: true,
    created_at: "2026-11-01T09:00:00Z",
    last_login_at: null,
    ...fields,
    password: "x",
  };
}

/** The administrator tests log in as: Ada, id 1. */
export const ADA = 1;

/**
 * Ada (admin) and three customers: Ann spends most (two paid orders), Ben orders most (three,
 * one cancelled, one pending), Cy has none. Ann joined first, Cy last.
 */
export function arrangeAccounts(): void {
  backend.users.push(
    anAccount({ id: ADA, username: "ada", role: "admin", created_at: "2026-10-01T09:00:00Z" }),
    anAccount({
      id: 10,
      username: "ann",
      email: "ann@shop.example",
      created_at: "2026-11-01T09:00:00Z",
    }),
    anAccount({ id: 11, username: "ben", created_at: "2026-11-10T09:00:00Z" }),
    anAccount({ id: 12, username: "cy", created_at: "2026-11-20T09:00:00Z" }),
  );
}
