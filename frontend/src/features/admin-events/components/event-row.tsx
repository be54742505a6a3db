import { useState } from "react";

import { toApiError } from "@/lib/api-client";
import { plural } from "@/lib/format";
import { DateTime } from "@/lib/shop";
import { useToast } from "@/lib/toast";

import {
  DELIVERY_LABELS,
  type OutboxEvent,
  type ReplayRequest,
} from "@/features/admin-events/api/outbox";

export const COLUMNS = 7;
const DELIVERY_PILLS = { pending: "pill-warning", failing: "pill-danger", sent: "pill-success" };

function DeliveryCell({ event }: { event: OutboxEvent }) {
  return (
    <span className="event-delivery">
      <span className={`pill ${DELIVERY_PILLS[event.delivery]}`}>
        {DELIVERY_LABELS[event.delivery]}
      </span>
      {event.attempts > 0 && (
        <span className="muted">{plural(event.attempts, "attempt", "attempts")}</span>
      )}
    </span>
  );
}

/** Everything kept of an event: its ids, its last error and its data as JSON text. */
function EventDetails({ event, id }: { event: OutboxEvent; id: string }) {
  return (
    <div className="event-details" id={id}>
      <dl className="event-facts">
        <div>
          <dt>Event id</dt>
          <dd className="event-id">{event.event_id}</dd>
        </div>
        <div>
          <dt>User</dt>
          <dd>{event.user_id === null ? "—" : `#${event.user_id}`}</dd>
        </div>
        {event.last_error && (
          <div className="event-error">
            <dt>Last error</dt>
            <dd>{event.last_error}</dd>
          </div>
        )}
      </dl>
      <pre className="event-data">{JSON.stringify(event.data, null, 2)}</pre>
    </div>
  );
}

/** One event, with its details on request and, once sent, a button to deliver it again. */
export function EventRow({
  event,
  onReplay,
}: {
  event: OutboxEvent;
  onReplay: (request: ReplayRequest) => Promise<number>;
}) {
  const { notify } = useToast();
  const [open, setOpen] = useState(false);
  const [replaying, setReplaying] = useState(false);
  const detailsId = `event-details-${event.id}`;

  const replay = async () => {
    setReplaying(true);
    try {
      await onReplay({ event_id: event.event_id });
    } catch (caught) {
      notify(`Event #${event.id} was not replayed: ${toApiError(caught).message}`, "error");
    } finally {
      setReplaying(false);
    }
  };

  return (
    <>
      <tr className={open ? "event-open" : undefined}>
        <th scope="row">
          <button
            type="button"
            className="event-toggle"
            aria-expanded={open}
            aria-controls={open ? detailsId : undefined}
            aria-label={`Details of event #${event.id}`}
            onClick={() => {
              setOpen(!open);
            }}
          >
            <span aria-hidden="true" className="event-chevron">
              ▸
            </span>
            #{event.id}
          </button>
        </th>
        <td>
          <code>{event.event_type}</code>
        </td>
        <td className="event-key">{event.key ?? <span className="muted">—</span>}</td>
        <td>
          <DeliveryCell event={event} />
        </td>
        <td className="event-when">
          <DateTime iso={event.created_at} />
        </td>
        <td className="event-when">
          {event.sent_at ? <DateTime iso={event.sent_at} /> : <span className="muted">—</span>}
        </td>
        <td>
          {event.delivery === "sent" && (
            <button
              type="button"
              className="button button-secondary event-replay"
              disabled={replaying}
              onClick={() => void replay()}
            >
              {replaying ? "Replaying…" : "Replay"}
              <span className="visually-hidden"> event #{event.id}</span>
            </button>
          )}
        </td>
      </tr>
      {open && (
        <tr className="event-details-row">
          <td colSpan={COLUMNS}>
            <EventDetails event={event} id={detailsId} />
          </td>
        </tr>
      )}
    </>
  );
}
