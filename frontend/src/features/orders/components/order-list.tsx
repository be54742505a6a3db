import { Link, useSearchParams } from "react-router";

import { Pagination } from "@/components/ui/pagination";
import { EmptyState, ErrorState, Loading } from "@/components/ui/status";
import { paths } from "@/config/paths";
import { plural } from "@/lib/format";
import { DateTime, Price } from "@/lib/shop";
import { useTitle } from "@/lib/title";

import { ORDERS_PER_PAGE, useMyOrders } from "@/features/orders/api/get-orders";
import { OrderStatusBadge } from "@/components/ui/order-status";

export function OrderList() {
  useTitle("Your orders");
  const [params] = useSearchParams();
  const requested = Number(params.get("page"));
  const page = Number.isSafeInteger(requested) && requested > 1 ? requested : 1;
  const orders = useMyOrders(page);
  const pageCount = Math.ceil((orders.data?.total ?? 0) / ORDERS_PER_PAGE);

  return (
    <div className="page-narrow">
      <h1>Your orders</h1>
      {orders.isLoading && <Loading label="Loading your orders…" />}
      {orders.error && (
        <ErrorState
          error={orders.error}
          title="Your orders could not be loaded"
          onRetry={orders.reload}
        />
      )}
      {orders.data?.items.length === 0 && (
        <EmptyState title="No orders yet">
          <Link to={paths.home} className="button button-primary">
            Start shopping
          </Link>
        </EmptyState>
      )}
      {orders.data && orders.data.items.length > 0 && (
        <ul className="order-list">
          {orders.data.items.map((order) => (
            <li key={order.id} className="order-row">
              <Link to={paths.order(order.id)} className="order-row-link">
                <span className="order-number">Order #{order.id}</span>
                <span className="muted">
                  <DateTime iso={order.created_at} />
                </span>
              </Link>
              <span>{plural(order.item_count, "item", "items")}</span>
              <Price amount={order.total_amount} />
              <OrderStatusBadge status={order.status} />
            </li>
          ))}
        </ul>
      )}
      <Pagination
        page={page}
        pageCount={pageCount}
        label="Order pages"
        hrefFor={(n) => (n > 1 ? `${paths.orders}?page=${n}` : paths.orders)}
      />
    </div>
  );
}
