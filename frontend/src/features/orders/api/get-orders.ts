import { api, type Page, type Schemas, unwrapPage } from "@/lib/api-client";
import { useQuery } from "@/lib/use-query";

export type Order = Schemas["OrderRead"];
export type OrderStatus = Schemas["OrderStatus"];

export const ORDERS_PER_PAGE = 10;

export function getMyOrders(page: number, signal?: AbortSignal): Promise<Page<Order>> {
  return unwrapPage(
    api.GET("/orders/detailed", {
      params: { query: { skip: (page - 1) * ORDERS_PER_PAGE, limit: ORDERS_PER_PAGE } },
      signal,
    }),
  );
}

export function useMyOrders(page: number) {
  return useQuery(`orders:mine:${page}`, (signal) => getMyOrders(page, signal));
}
