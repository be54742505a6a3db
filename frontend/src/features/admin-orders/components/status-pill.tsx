import type { OrderStatus } from "@/features/admin-orders/api/orders";

export const STATUS_LABELS: Record<OrderStatus, string> = {
  pending: "Pending",
  paid: "Paid",
  shipped: "Shipped",
  delivered: "Delivered",
  cancelled: "Cancelled",
};

export function OrderStatusPill({ status }: { status: OrderStatus }) {
  return <span className={`pill order-pill order-pill-${status}`}>{STATUS_LABELS[status]}</span>;
}
