import { Link } from "react-router";

import { DataCard } from "@/components/ui/data-card";
import { OrderStatusBadge } from "@/components/ui/order-status";
import { paths } from "@/config/paths";
import { DateTime, Price } from "@/lib/shop";

import { useRecentOrders } from "@/features/admin-analytics/api/analytics";
import { useAnalytics } from "@/features/admin-analytics/hooks/use-analytics";
import { useReloadOn } from "@/features/admin-analytics/hooks/use-live-updates";

/** The latest orders, whatever the range, kept current by the live feed. */
export function RecentOrders() {
  const { live } = useAnalytics();
  const orders = useRecentOrders();
  useReloadOn(live.version, orders.reload);
  return (
    <DataCard
      title="Recent orders"
      isLoading={orders.isLoading}
      error={orders.error}
      onRetry={orders.reload}
      footer={<Link to={paths.adminOrders}>All orders</Link>}
    >
      {orders.data?.length === 0 ? (
        <p className="muted">No orders yet.</p>
      ) : (
        <div className="table-scroll">
          <table className="data-table recent-orders">
            <caption className="visually-hidden">The latest orders</caption>
            <thead>
              <tr>
                <th scope="col">Order</th>
                <th scope="col">Customer</th>
                <th scope="col" className="numeric">
                  Total
                </th>
                <th scope="col">Status</th>
                <th scope="col">Placed</th>
              </tr>
            </thead>
            <tbody>
              {orders.data?.map((order) => (
                <tr key={order.id}>
                  <td>
                    <Link to={paths.adminOrder(order.id)}>Order #{order.id}</Link>
                  </td>
                  <td className="cell-wrap">{order.customer?.username ?? "—"}</td>
                  <td className="numeric">
                    <Price amount={order.total_amount} />
                  </td>
                  <td>
                    <OrderStatusBadge status={order.status} />
                  </td>
                  <td>
                    <DateTime iso={order.created_at} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </DataCard>
  );
}
