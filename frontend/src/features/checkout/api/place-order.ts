import { api, type Schemas, unwrap } from "@/lib/api-client";

export type Order = Schemas["OrderRead"];
export type OrderCreate = Schemas["OrderCreate"];

/** Place an order; sending the same key with the same body again returns the same order. */
export function placeOrder(order: OrderCreate, idempotencyKey: string): Promise<Order> {
  return unwrap(
    api.POST("/orders/", {
      body: order,
      params: { header: { "Idempotency-Key": idempotencyKey } },
    }),
  );
}
