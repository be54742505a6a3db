import { Link } from "react-router";

import { OrderStatusBadge } from "@/components/ui/order-status";
import { paths } from "@/config/paths";
import { plural } from "@/lib/format";
import { DateTime, Price } from "@/lib/shop";

import type { CustomerDetail } from "@/features/admin-customers/api/customers";

/** The admin orders list, filtered to one customer. */
export function customerOrdersPath(userId: number): string {
  return `${paths.adminOrders}?customer=${userId}`;
}

export function RecentOrders({ customer }: { customer: CustomerDetail }) {
  const orders = customer.recent_orders;
  return (
    <section className="card customer-orders" aria-labelledby="customer-orders-heading">
      <div className="card-heading">
        <h2 id="customer-orders-heading">Recent orders</h2>
        {customer.order_count > 0 && (
          <Link to={customerOrdersPath(customer.id)}>
            All orders<span className="visually-hidden"> of {customer.username}</span> (
            {customer.order_count})
          </Link>
        )}
      </div>
      {orders.length === 0 ? (
        <p className="muted">No orders yet.</p>
      ) : (
        <div className="table-scroll">
          <table className="data-table">
            <caption className="visually-hidden">Recent orders of {customer.username}</caption>
            <thead>
              <tr>
                <th scope="col">Order</th>
                <th scope="col">Placed</th>
                <th scope="col" className="numeric">
                  Items
                </th>
                <th scope="col" className="numeric">
                  Total
                </th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {orders.map((order) => (
                <tr key={order.id}>
                  <th scope="row">
                    <Link to={paths.adminOrder(order.id)}>Order #{order.id}</Link>
                  </th>
                  <td>
                    <DateTime iso={order.created_at} />
                  </td>
                  <td className="numeric">{plural(order.item_count, "item", "items")}</td>
                  <td className="numeric">
                    <Price amount={order.total_amount} />
                  </td>
                  <td>
                    <OrderStatusBadge status={order.status} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
