import { Link } from "react-router";

import { ErrorState, Loading } from "@/components/ui/status";
import { paths } from "@/config/paths";
import { Price } from "@/lib/shop";
import { useTitle } from "@/lib/title";

import { useOrder } from "@/features/orders/api/get-order";
import { OrderLines } from "@/features/orders/components/order-lines";

export function OrderConfirmation({ orderId }: { orderId: number }) {
  useTitle("Thank you for your order");
  const order = useOrder(orderId);
  return (
    <div className="page-narrow confirmation">
      <h1>Thank you for your order</h1>
      <p className="confirmation-number">
        Your order number is <strong>#{orderId}</strong>.
      </p>
      {order.isLoading && <Loading label="Loading the order…" />}
      {order.error && <ErrorState error={order.error} onRetry={order.reload} />}
      {order.data && (
        <>
          <p>
            We have received your order of <Price amount={order.data.total_amount} />. You can
            follow its status in your orders.
          </p>
          <OrderLines order={order.data} />
        </>
      )}
      <div className="form-actions">
        <Link to={paths.order(orderId)} className="button button-primary">
          View order
        </Link>
        <Link to={paths.home} className="button button-secondary">
          Continue shopping
        </Link>
      </div>
    </div>
  );
}
