import { DateTime } from "@/lib/shop";

import type { OrderDetail } from "@/features/orders/api/get-order";
import { ORDER_STATUS_LABELS as STATUS_LABELS } from "@/components/ui/order-status";

export function StatusTimeline({ history }: { history: OrderDetail["history"] }) {
  return (
    <ol className="timeline">
      {history.map((change, index) => (
        <li
          key={`${change.created_at}-${index}`}
          className={`timeline-step status-${change.to_status}`}
        >
          <span className="timeline-status">
            {change.from_status === null ? "Placed" : STATUS_LABELS[change.to_status]}
          </span>
          <span className="muted">
            <DateTime iso={change.created_at} />
          </span>
        </li>
      ))}
    </ol>
  );
}
