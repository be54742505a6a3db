import { DateTime } from "@/lib/shop";

import type { OrderDetail } from "@/features/admin-orders/api/orders";
import { ORDER_STATUS_LABELS as STATUS_LABELS } from "@/components/ui/order-status";

function byWhom(actorId: number | null, customerId: number): string | null {
  if (actorId === null) return null;
  return actorId === customerId ? "by the customer" : `by administrator #${actorId}`;
}

/** Every status the order has had, oldest first, with when and by whom. */
export function OrderTimeline({ order }: { order: OrderDetail }) {
  return (
    <ol className="order-timeline">
      {order.history.map((change, index) => {
        const who = byWhom(change.actor_id, order.user_id);
        return (
          <li
            key={`${change.created_at}-${index}`}
            className={`order-timeline-step order-timeline-${change.to_status}`}
          >
            <span className="order-timeline-status">
              {change.from_status === null ? "Placed" : STATUS_LABELS[change.to_status]}
            </span>
            <span className="muted">
              <DateTime iso={change.created_at} />
              {who && ` ${who}`}
            </span>
          </li>
        );
      })}
    </ol>
  );
}
