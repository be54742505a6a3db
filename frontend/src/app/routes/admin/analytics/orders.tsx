import { OrdersTab } from "@/features/admin-analytics/components/orders-tab";

export function Component() {
  return <OrdersTab />;
}
