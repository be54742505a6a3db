import { useState } from "react";

import { ConfirmDialog } from "@/components/ui/dialog";
import { FormError } from "@/components/ui/status";
import { type ApiError, toApiError } from "@/lib/api-client";
import { plural } from "@/lib/format";
import { useToast } from "@/lib/toast";

import {
  changeOrderStatus,
  ORDER_STATUSES,
  type OrderDetail,
  type OrderStatus,
} from "@/features/admin-orders/api/orders";
import { ORDER_STATUS_LABELS as STATUS_LABELS } from "@/components/ui/order-status";

const ACTIONS: Record<OrderStatus, string> = {
  pending: "Mark as pending",
  paid: "Mark as paid",
  shipped: "Mark as shipped",
  delivered: "Mark as delivered",
  cancelled: "Cancel order",
};

function done(orderId: number, status: OrderStatus): string {
  if (status === "cancelled") {
    return `Order #${orderId} cancelled; its stock is back in inventory`;
  }
  return `Order #${orderId} marked as ${STATUS_LABELS[status].toLowerCase()}`;
}

function labelOf(status: string | null | undefined): string | null {
  return ORDER_STATUSES.includes(status as OrderStatus)
    ? STATUS_LABELS[status as OrderStatus].toLowerCase()
    : null;
}

function failure(error: ApiError, requested: OrderStatus): string {
  if (error.code !== "invalid_transition") return error.message;
  const now = labelOf(error.body?.current);
  return (
    `Someone else changed this order${now ? ` (it is ${now} now)` : ""}, so it was not ` +
    `${requested === "cancelled" ? "cancelled" : `marked as ${STATUS_LABELS[requested].toLowerCase()}`}. ` +
    "The page shows its current status."
  );
}

/** One button for each status the order may move to next; cancelling asks first. */
export function StatusActions({
  order,
  onChanged,
  onStale,
}: {
  order: OrderDetail;
  onChanged: (order: OrderDetail) => void;
  onStale: () => void;
}) {
  const { notify } = useToast();
  const [busy, setBusy] = useState<OrderStatus | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const units = order.items.reduce((sum, line) => sum + line.quantity, 0);

  const move = async (status: OrderStatus) => {
    setBusy(status);
    setMessage(null);
    try {
      onChanged(await changeOrderStatus(order.id, status));
      notify(done(order.id, status));
    } catch (caught) {
      const error = toApiError(caught);
      const text = failure(error, status);
      setMessage(text);
      notify(text, "error");
      if (error.code === "invalid_transition") onStale();
    } finally {
      setBusy(null);
      setConfirming(false);
    }
  };

  return (
    <section className="card order-actions" aria-labelledby="order-actions-heading">
      <h2 id="order-actions-heading">Status</h2>
      {order.next_statuses.length === 0 ? (
        <p className="muted">
          {STATUS_LABELS[order.status]} orders are final: there is nothing more to do.
        </p>
      ) : (
        <div className="order-action-buttons">
          {order.next_statuses.map((status) => (
            <button
              key={status}
              type="button"
              className={
                status === "cancelled"
                  ? "button button-secondary order-cancel"
                  : "button button-primary"
              }
              disabled={busy !== null}
              onClick={() => {
                if (status === "cancelled") setConfirming(true);
                else void move(status);
              }}
            >
              {busy === status ? "Saving…" : ACTIONS[status]}
            </button>
          ))}
        </div>
      )}
      <FormError message={message} />
      <ConfirmDialog
        open={confirming}
        title={`Cancel order #${order.id}?`}
        confirmLabel="Yes, cancel order"
        destructive
        busy={busy === "cancelled"}
        onConfirm={() => void move("cancelled")}
        onCancel={() => {
          setConfirming(false);
        }}
      >
        <p>
          The items&apos; stock will be returned to inventory: {plural(units, "unit", "units")} of{" "}
          {plural(order.items.length, "product", "products")} go back on sale. A cancelled order
          cannot be reopened.
        </p>
      </ConfirmDialog>
    </section>
  );
}
