import { ORDER_STATUS_LABELS, type OrderStatus } from "@/components/ui/order-status";

export function OrderStatusPill({ status }: { status: OrderStatus }) {
  return (
    <span className={`pill order-pill order-pill-${status}`}>{ORDER_STATUS_LABELS[status]}</span>
  );
}
