import { Link } from "react-router";

import { paths } from "@/config/paths";
import { plural } from "@/lib/format";
import { DateTime, Price } from "@/lib/shop";

import type { AdminOrder } from "@/features/admin-orders/api/orders";
import { OrderStatusPill } from "@/features/admin-orders/components/status-pill";

export function OrderTable({ orders }: { orders: AdminOrder[] }) {
  return (
    <div className="table-scroll">
      <table className="data-table order-table">
        <caption className="visually-hidden">Orders</caption>
        <thead>
          <tr>
            <th scope="col">Order</th>
            <th scope="col">Placed</th>
            <th scope="col">Customer</th>
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
                <Link to={paths.adminOrder(order.id)} aria-label={`Order #${order.id}`}>
                  #{order.id}
                </Link>
              </th>
              <td className="order-when">
                <DateTime iso={order.created_at} />
              </td>
              <td>
                {order.customer ? (
                  <span className="order-customer">
                    <Link to={paths.adminCustomer(order.customer.id)}>
                      {order.customer.username}
                    </Link>
                    <span className="muted">{order.customer.email}</span>
                  </span>
                ) : (
                  <span className="muted">Account #{order.user_id}</span>
                )}
              </td>
              <td className="numeric">{plural(order.item_count, "item", "items")}</td>
              <td className="numeric">
                <Price amount={order.total_amount} />
              </td>
              <td>
                <OrderStatusPill status={order.status} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
