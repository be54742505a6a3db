import type { Schemas } from "@/lib/api-client";

export type OrderStatus = Schemas["OrderStatus"];

export const ORDER_STATUS_LABELS: Record<OrderStatus, string> = {
  pending: "Pending",
  paid: "Paid",
  shipped: "Shipped",
  delivered: "Delivered",
  cancelled: "Cancelled",
};

export function OrderStatusBadge({ status }: { status: OrderStatus }) {
  return <span className={`status status-${status}`}>{ORDER_STATUS_LABELS[status]}</span>;
}
