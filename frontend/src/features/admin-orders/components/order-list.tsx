import { Link } from "react-router";

import { Pagination } from "@/components/ui/pagination";
import { EmptyState, ErrorState, Loading } from "@/components/ui/status";
import { paths } from "@/config/paths";
import { plural } from "@/lib/format";

import { ORDERS_PER_PAGE, useAdminOrders } from "@/features/admin-orders/api/orders";
import { OrderFilters } from "@/features/admin-orders/components/order-filters";
import { OrderTable } from "@/features/admin-orders/components/order-table";
import {
  hasFilters,
  orderListHref,
  useOrderFilters,
} from "@/features/admin-orders/hooks/use-order-filters";

import "@/features/admin-orders/orders.css";

/** Every order, newest first, narrowed by the filters in the URL. */
export function AdminOrderList() {
  const { query, update } = useOrderFilters();
  const orders = useAdminOrders(query);
  const total = orders.data?.total ?? 0;
  const pageCount = Math.ceil(total / ORDERS_PER_PAGE);

  return (
    <div className="admin-orders">
      <OrderFilters query={query} onChange={update} />
      {orders.isLoading && <Loading label="Loading orders…" />}
      {orders.error && (
        <ErrorState
          error={orders.error}
          title="The orders could not be loaded"
          onRetry={orders.reload}
        />
      )}
      {orders.data && orders.data.items.length === 0 && (
        <EmptyState title={hasFilters(query) ? "No orders match these filters" : "No orders yet"}>
          {hasFilters(query) && <Link to={paths.adminOrders}>Show every order</Link>}
          {!hasFilters(query) && query.page > 1 && (
            <Link to={paths.adminOrders}>Back to the first page</Link>
          )}
        </EmptyState>
      )}
      {orders.data && orders.data.items.length > 0 && (
        <>
          <p className="muted order-count" aria-live="polite">
            {plural(total, "order", "orders")}
          </p>
          <OrderTable orders={orders.data.items} />
        </>
      )}
      <Pagination
        page={query.page}
        pageCount={pageCount}
        label="Order pages"
        hrefFor={(page) => orderListHref({ ...query, page })}
      />
    </div>
  );
}
