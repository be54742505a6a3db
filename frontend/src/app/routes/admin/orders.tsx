import { AdminPage } from "@/components/layouts/admin-layout";

import { AdminOrderList } from "@/features/admin-orders/components/order-list";

export function Component() {
  return (
    <AdminPage title="Orders">
      <AdminOrderList />
    </AdminPage>
  );
}
