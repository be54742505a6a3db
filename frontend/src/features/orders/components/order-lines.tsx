import { Link } from "react-router";

import { paths } from "@/config/paths";
import { Price } from "@/lib/shop";

import type { OrderDetail } from "@/features/orders/api/get-order";

export function OrderLines({ order }: { order: OrderDetail }) {
  return (
    <table className="order-lines">
      <caption className="visually-hidden">Products in order #{order.id}</caption>
      <thead>
        <tr>
          <th scope="col">Product</th>
          <th scope="col" className="numeric">
            Price
          </th>
          <th scope="col" className="numeric">
            Quantity
          </th>
          <th scope="col" className="numeric">
            Total
          </th>
        </tr>
      </thead>
      <tbody>
        {order.items.map((line) => (
          <tr key={line.product_id}>
            <td data-label="Product">
              <Link to={paths.product(line.product_id)}>{line.product_name}</Link>
            </td>
            <td data-label="Price" className="numeric">
              <Price amount={line.unit_price} />
            </td>
            <td data-label="Quantity" className="numeric">
              {line.quantity}
            </td>
            <td data-label="Total" className="numeric">
              <Price amount={line.line_total} />
            </td>
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr>
          <th scope="row" colSpan={3}>
            Order total
          </th>
          <td className="numeric">
            <Price amount={order.total_amount} />
          </td>
        </tr>
      </tfoot>
    </table>
  );
}
