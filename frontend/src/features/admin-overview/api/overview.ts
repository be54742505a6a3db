import { api, type Schemas, unwrap, unwrapPage } from "@/lib/api-client";
import { useQuery } from "@/lib/use-query";

export type OrderStatus = Schemas["OrderStatus"];
export const LOW_STOCK_THRESHOLD = 5;
export const LOW_STOCK_SHOWN = 5;
export const RECENT_ORDERS = 5;

/** How many orders are in `status` (the total header of a one-row page). */
export function useOrderCount(status: OrderStatus) {
  return useQuery(`admin:overview:orders:${status}`, async (signal) => {
    const page = await unwrapPage(
      api.GET("/orders/admin/all", { params: { query: { status, limit: 1 } }, signal }),
    );
    return page.total;
  });
}

export function useRecentOrders() {
  return useQuery("admin:overview:recent-orders", async (signal) => {
    const page = await unwrapPage(
      api.GET("/orders/admin/all", { params: { query: { limit: RECENT_ORDERS } }, signal }),
    );
    return page.items;
  });
}

export function useLowStock() {
  return useQuery("admin:overview:low-stock", (signal) =>
    unwrapPage(
      api.GET("/products/low-stock", {
        params: { query: { threshold: LOW_STOCK_THRESHOLD, limit: LOW_STOCK_SHOWN } },
        signal,
      }),
    ),
  );
}

export function useUserStats() {
  return useQuery("admin:overview:users", (signal) => unwrap(api.GET("/users/stats", { signal })));
}
