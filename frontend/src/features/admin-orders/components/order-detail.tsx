import { Link } from "react-router";

import { ErrorState, Loading } from "@/components/ui/status";
import { paths } from "@/config/paths";
import { DateTime } from "@/lib/shop";

import { useAdminOrder } from "@/features/admin-orders/api/orders";
import { OrderLines } from "@/features/admin-orders/components/order-lines";
import { OrderTimeline } from "@/features/admin-orders/components/order-timeline";
import { StatusActions } from "@/features/admin-orders/components/status-actions";
import { OrderStatusPill } from "@/features/admin-orders/components/status-pill";

import "@/features/admin-orders/orders.css";

/** Whether the order changed after it was placed (not just in the same minute). */
function changedLater(createdAt: string, updatedAt: string): boolean {
  return Date.parse(updatedAt) - Date.parse(createdAt) >= 60_000;
}

/** One order as the shop's staff handle it: what was bought, where it goes, what comes next. */
export function AdminOrderDetail({ orderId }: { orderId: number }) {
  const order = useAdminOrder(orderId);

  if (order.isLoading) return <Loading label="Loading the order…" />;
  if (order.error && !order.data) {
    const missing = order.error.status === 404;
    return (
      <>
        <ErrorState
          error={order.error}
          title={missing ? "Order not found" : "The order could not be loaded"}
          onRetry={missing ? undefined : order.reload}
        />
        <p>
          <Link to={paths.adminOrders}>← All orders</Link>
        </p>
      </>
    );
  }
  if (!order.data) return null;
  const detail = order.data;

  return (
    <div className="admin-order">
      <div className="admin-order-head">
        <OrderStatusPill status={detail.status} />
        <span className="muted">
          Placed <DateTime iso={detail.created_at} />
        </span>
        {changedLater(detail.created_at, detail.updated_at) && (
          <span className="muted">
            Last changed <DateTime iso={detail.updated_at} />
          </span>
        )}
        <Link to={paths.adminActivityOf("order", detail.id)}>
          Activity<span className="visually-hidden"> of this order</span>
        </Link>
      </div>
      <div className="admin-order-grid">
        <div className="admin-order-main">
          <StatusActions order={detail} onChanged={order.replace} onStale={order.reload} />
          <section className="card" aria-labelledby="order-lines-heading">
            <h2 id="order-lines-heading">Products</h2>
            <OrderLines order={detail} />
          </section>
        </div>
        <div className="admin-order-side">
          <section className="card" aria-labelledby="order-customer-heading">
            <h2 id="order-customer-heading">Customer</h2>
            {detail.customer ? (
              <>
                <p className="admin-order-customer">
                  <Link to={paths.adminCustomer(detail.customer.id)}>
                    {detail.customer.username}
                  </Link>
                  <span className="muted">{detail.customer.email}</span>
                </p>
                <Link to={`${paths.adminOrders}?customer=${detail.customer.id}`}>
                  All orders<span className="visually-hidden"> of {detail.customer.username}</span>
                </Link>
              </>
            ) : (
              <p className="muted">Account #{detail.user_id} no longer exists.</p>
            )}
          </section>
          <section className="card" aria-labelledby="order-address-heading">
            <h2 id="order-address-heading">Shipping address</h2>
            {detail.shipping_address ? (
              <p className="admin-order-text">{detail.shipping_address}</p>
            ) : (
              <p className="muted">No address given.</p>
            )}
          </section>
          {detail.note && (
            <section className="card" aria-labelledby="order-note-heading">
              <h2 id="order-note-heading">Customer&apos;s note</h2>
              <p className="admin-order-text">{detail.note}</p>
            </section>
          )}
          <section className="card" aria-labelledby="order-history-heading">
            <h2 id="order-history-heading">History</h2>
            <OrderTimeline order={detail} />
          </section>
        </div>
      </div>
    </div>
  );
}
