/**
 * The fake API's admin orders endpoints (see shop-backend.ts for the shop's): every order in
 * `backend.orders`, filtered as the API filters them, moved along the same lifecycle.
 */
import type { RequestHandler } from "msw";

import type { Schemas } from "@/lib/api-client";

import { NEXT_STATUSES } from "@/testing/data";
import { http } from "@/testing/http";
import {
  backend,
  caller,
  error,
  notAuthenticated,
  notFound,
  withoutPassword,
} from "@/testing/shop-backend";

type OrderDetail = Schemas["OrderDetail"];
type AdminOrder = Schemas["AdminOrderRead"];

/** When status changes happen in the fake. */
export const CHANGED_AT = "2026-12-01T09:30:00Z";

/** Called before every test: back to an empty state. */
export function reset(): void {
  // Orders live in `backend.orders`, which resetBackend() empties.
}

function adminOnly(request: Request) {
  const user = caller(request);
  if (!user) return { refusal: notAuthenticated() };
  if (user.role !== "admin") {
    return { refusal: error(403, "admin_required", "Administrator access required") };
  }
  return { admin: user };
}

/** The calendar day of `iso` on the shop's clock, as YYYY-MM-DD. */
function shopDay(iso: string): string {
  return new Intl.DateTimeFormat("en-CA", {
    timeZone: backend.shop.timezone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).format(new Date(iso));
}

/** An order as the list shows it, with its customer looked up as the API joins it. */
function listed(order: OrderDetail): AdminOrder {
  const { history: _history, next_statuses: _next, customer: _customer, ...rest } = order;
  const user = backend.users.find((u) => u.id === order.user_id);
  return {
    ...rest,
    customer: user ? { id: user.id, username: user.username, email: user.email } : null,
  };
}

export const handlers: RequestHandler[] = [
  http.get("/orders/admin/all", ({ request, query, response }) => {
    const { refusal } = adminOnly(request);
    if (refusal) return refusal;
    const status = query.get("status");
    const userId = query.get("user_id");
    const from = query.get("created_from");
    const to = query.get("created_to");
    const matches = backend.orders
      .filter(
        (order) =>
          (!status || order.status === status) &&
          (!userId || order.user_id === Number(userId)) &&
          (!from || shopDay(order.created_at) >= from) &&
          (!to || shopDay(order.created_at) <= to),
      )
      .toSorted((a, b) => b.created_at.localeCompare(a.created_at) || b.id - a.id);
    const skip = Number(query.get("skip") ?? 0);
    const limit = Number(query.get("limit") ?? 20);
    return response(200).json(matches.slice(skip, skip + limit).map(listed), {
      headers: { "X-Total-Count": String(matches.length) },
    });
  }),

  http.put("/orders/{order_id}/status", async ({ params, request, response }) => {
    const { admin, refusal } = adminOnly(request);
    if (refusal) return refusal;
    const order = backend.orders.find((o) => o.id === Number(params.order_id));
    if (!order) return notFound("Order");
    const { status } = await request.json();
    if (!NEXT_STATUSES[order.status].includes(status)) {
      return error(
        409,
        "invalid_transition",
        `An order that is ${order.status} cannot become ${status}`,
        { current: order.status, requested: status },
      );
    }
    if (status === "cancelled") {
      for (const line of order.items) {
        const product = backend.products.find((p) => p.id === line.product_id);
        if (product) {
          product.stock += line.quantity;
          product.in_stock = true;
        }
      }
    }
    order.history.push({
      from_status: order.status,
      to_status: status,
      actor_id: admin.id,
      created_at: CHANGED_AT,
    });
    Object.assign(order, { status, next_statuses: NEXT_STATUSES[status], updated_at: CHANGED_AT });
    return response(200).json(order);
  }),

  // Ids only: /users/me and /users/stats are other handlers' to answer.
  http.get("/users/{user_id}", ({ params, request, response }) => {
    if (!/^\d+$/.test(params.user_id)) return undefined;
    const { refusal } = adminOnly(request);
    if (refusal) return refusal;
    const user = backend.users.find((u) => u.id === Number(params.user_id));
    return user ? response(200).json(withoutPassword(user)) : notFound("User");
  }),

  http.get("/users/", ({ query, request, response }) => {
    const { refusal } = adminOnly(request);
    if (refusal) return refusal;
    const term = query.get("q")?.toLowerCase() ?? "";
    const matches = backend.users.filter(
      (user) =>
        user.email.toLowerCase().includes(term) || user.username.toLowerCase().includes(term),
    );
    const limit = Number(query.get("limit") ?? 20);
    return response(200).json(matches.slice(0, limit).map(withoutPassword), {
      headers: { "X-Total-Count": String(matches.length) },
    });
  }),
];
