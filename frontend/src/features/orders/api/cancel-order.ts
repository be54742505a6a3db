import { api, unwrap } from "@/lib/api-client";

import type { OrderDetail } from "@/features/orders/api/get-order";

export function cancelOrder(orderId: number): Promise<OrderDetail> {
  return unwrap(api.POST("/orders/{order_id}/cancel", { params: { path: { order_id: orderId } } }));
}
