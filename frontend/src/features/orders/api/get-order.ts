import { api, type Schemas, unwrap } from "@/lib/api-client";
import { useQuery } from "@/lib/use-query";

export type OrderDetail = Schemas["OrderDetail"];

export function getOrder(orderId: number, signal?: AbortSignal): Promise<OrderDetail> {
  return unwrap(api.GET("/orders/{order_id}", { params: { path: { order_id: orderId } }, signal }));
}

export function useOrder(orderId: number | null) {
  return useQuery(orderId === null ? null : `orders:${orderId}`, (signal) =>
    getOrder(orderId ?? 0, signal),
  );
}
