import { useCallback, useState } from "react";

import { api, type Page, type Schemas, unwrap, unwrapPage } from "@/lib/api-client";
import { invalidate, useQuery } from "@/lib/use-query";

export type AdminOrder = Schemas["AdminOrderRead"];
export type OrderDetail = Schemas["OrderDetail"];
export type OrderStatus = Schemas["OrderStatus"];
export type Account = Schemas["UserRead"];

export const ORDER_STATUSES: OrderStatus[] = [
  "pending",
  "paid",
  "shipped",
  "delivered",
  "cancelled",
];
export const ORDERS_PER_PAGE = 20;
const ORDERS_KEY = "admin-orders";

/** What the list is narrowed to; dates are calendar dates (YYYY-MM-DD) in the shop's zone. */
export interface OrderQuery {
  status: OrderStatus | null;
  from: string | null;
  to: string | null;
  customer: number | null;
  page: number;
}

export function getAdminOrders(query: OrderQuery, signal?: AbortSignal): Promise<Page<AdminOrder>> {
  return unwrapPage(
    api.GET("/orders/admin/all", {
      params: {
        query: {
          ...(query.status && { status: query.status }),
          ...(query.customer !== null && { user_id: query.customer }),
          ...(query.from && { created_from: query.from }),
          ...(query.to && { created_to: query.to }),
          skip: (query.page - 1) * ORDERS_PER_PAGE,
          limit: ORDERS_PER_PAGE,
        },
      },
      signal,
    }),
  );
}

export function useAdminOrders(query: OrderQuery) {
  return useQuery(`${ORDERS_KEY}:list:${JSON.stringify(query)}`, (signal) =>
    getAdminOrders(query, signal),
  );
}

export function getAdminOrder(orderId: number, signal?: AbortSignal): Promise<OrderDetail> {
  return unwrap(api.GET("/orders/{order_id}", { params: { path: { order_id: orderId } }, signal }));
}

/** One order; `replace` shows what a change answered with, `reload` fetches it again. */
export function useAdminOrder(orderId: number) {
  const query = useQuery(`${ORDERS_KEY}:${orderId}`, (signal) => getAdminOrder(orderId, signal));
  const [latest, setLatest] = useState<OrderDetail | null>(null);
  const { reload } = query;
  const replace = useCallback((order: OrderDetail) => {
    setLatest(order);
  }, []);
  const refetch = useCallback(() => {
    setLatest(null);
    reload();
  }, [reload]);
  const data = latest?.id === orderId ? latest : query.data;
  return { ...query, data, replace, reload: refetch };
}

/** Move an order on (the API refuses a move its lifecycle does not allow: 409). */
export async function changeOrderStatus(
  orderId: number,
  status: OrderStatus,
): Promise<OrderDetail> {
  const order = await unwrap(
    api.PUT("/orders/{order_id}/status", {
      params: { path: { order_id: orderId } },
      body: { status },
    }),
  );
  invalidate(ORDERS_KEY);
  // A payment or a cancellation changes what customers spent, as the customers pages show it.
  invalidate("admin:customers");
  return order;
}

/** The account a customer filter names. */
export function useAccount(userId: number | null) {
  return useQuery(userId === null ? null : `admin-orders:account:${userId}`, (signal) =>
    unwrap(api.GET("/users/{user_id}", { params: { path: { user_id: userId ?? 0 } }, signal })),
  );
}

/** Accounts whose email or username contains `term`, for choosing a customer. */
export function findAccounts(term: string, signal?: AbortSignal): Promise<Page<Account>> {
  return unwrapPage(api.GET("/users/", { params: { query: { q: term, limit: 8 } }, signal }));
}
