import { useState } from "react";
import { Link } from "react-router";

import { ErrorState, FormError, Loading } from "@/components/ui/status";
import { paths } from "@/config/paths";
import { toApiError } from "@/lib/api-client";
import { DateTime } from "@/lib/shop";
import { useTitle } from "@/lib/title";
import { invalidate } from "@/lib/use-query";

import { cancelOrder } from "@/features/orders/api/cancel-order";
import { useOrder } from "@/features/orders/api/get-order";
import { OrderLines } from "@/features/orders/components/order-lines";
import { OrderStatusBadge } from "@/components/ui/order-status";
import { StatusTimeline } from "@/features/orders/components/status-timeline";

export function OrderDetailView({ orderId }: { orderId: number }) {
  useTitle(`Order #${orderId}`);
  const order = useOrder(orderId);
  const [confirming, setConfirming] = useState(false);
  const [cancelling, setCancelling] = useState(false);
  const [error, setError] = useState<string | null>(null);

  if (order.isLoading) return <Loading label="Loading the order…" />;
  if (order.error) {
    return (
      <div className="page-narrow">
        <h1>Order #{orderId}</h1>
        <ErrorState
          error={order.error}
          title={order.error.status === 404 ? "Order not found" : "The order could not be loaded"}
          onRetry={order.error.status === 404 ? undefined : order.reload}
        />
        <Link to={paths.orders}>All your orders</Link>
      </div>
    );
  }
  if (!order.data) return null;
  const detail = order.data;

  const cancel = async () => {
    setCancelling(true);
    setError(null);
    try {
      await cancelOrder(orderId);
      invalidate("orders");
      setConfirming(false);
      order.reload();
    } catch (caught) {
      setError(toApiError(caught).message);
      order.reload();
    } finally {
      setCancelling(false);
    }
  };

  return (
    <div className="order-detail">
      <p>
        <Link to={paths.orders}>← All your orders</Link>
      </p>
      <div className="order-detail-head">
        <h1>Order #{detail.id}</h1>
        <OrderStatusBadge status={detail.status} />
      </div>
      <p className="muted">
        Placed <DateTime iso={detail.created_at} />
      </p>
      <OrderLines order={detail} />
      <div className="order-detail-grid">
        <section aria-labelledby="address-heading">
          <h2 id="address-heading">Shipping address</h2>
          <p className="address">{detail.shipping_address ?? "No address given"}</p>
          {detail.note && (
            <>
              <h2>Your note</h2>
              <p className="address">{detail.note}</p>
            </>
          )}
        </section>
        <section aria-labelledby="history-heading">
          <h2 id="history-heading">Status</h2>
          <StatusTimeline history={detail.history} />
        </section>
      </div>
      {detail.status === "pending" && (
        <div className="cancel-order">
          {confirming ? (
            <div role="group" aria-labelledby="cancel-question" className="confirm">
              <p id="cancel-question">
                Cancel this order? Its products go back on sale and it cannot be undone.
              </p>
              <div className="form-actions">
                <button
                  type="button"
                  className="button button-danger"
                  disabled={cancelling}
                  onClick={() => void cancel()}
                >
                  Yes, cancel order
                </button>
                <button
                  type="button"
                  className="button button-secondary"
                  onClick={() => {
                    setConfirming(false);
                  }}
                >
                  Keep order
                </button>
              </div>
            </div>
          ) : (
            <button
              type="button"
              className="button button-secondary"
              onClick={() => {
                setConfirming(true);
              }}
            >
              Cancel order
            </button>
          )}
        </div>
      )}
      <FormError message={error} />
    </div>
  );
}
