import { Link } from "react-router";

import { paths } from "@/config/paths";
import { plural } from "@/lib/format";
import { Price } from "@/lib/shop";

import type { OrderDetail } from "@/features/admin-orders/api/orders";

export function OrderLines({ order }: { order: OrderDetail }) {
  return (
    <div className="table-scroll">
      <table className="data-table order-lines-table">
        <caption className="visually-hidden">Products in order #{order.id}</caption>
        <thead>
          <tr>
            <th scope="col">Product</th>
            <th scope="col" className="numeric">
              Unit price
            </th>
            <th scope="col" className="numeric">
              Quantity
            </th>
            <th scope="col" className="numeric">
              Line total
            </th>
          </tr>
        </thead>
        <tbody>
          {order.items.map((line) => (
            <tr key={line.product_id}>
              <td>
                <Link to={paths.adminProduct(line.product_id)}>{line.product_name}</Link>
              </td>
              <td className="numeric">
                <Price amount={line.unit_price} />
              </td>
              <td className="numeric">{line.quantity}</td>
              <td className="numeric">
                <Price amount={line.line_total} />
              </td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row" colSpan={2}>
              Order total
            </th>
            <td className="numeric">{plural(order.item_count, "item", "items")}</td>
            <td className="numeric">
              <Price amount={order.total_amount} className="price order-total" />
            </td>
          </tr>
        </tfoot>
      </table>
    </div>
  );
}
