import { AdminPage } from "@/components/layouts/admin-layout";
import { paths } from "@/config/paths";

import { useIdParam } from "@/app/routes/id-param";
import { NotFound } from "@/app/routes/not-found";
import { AdminOrderDetail } from "@/features/admin-orders/components/order-detail";

export function Component() {
  const orderId = useIdParam("orderId");
  if (orderId === null) return <NotFound />;
  return (
    <AdminPage title={`Order #${orderId}`} crumbs={[{ label: "Orders", to: paths.adminOrders }]}>
      <AdminOrderDetail key={orderId} orderId={orderId} />
    </AdminPage>
  );
}
