import type { OutboxEvent, ReplayRequest } from "@/features/admin-events/api/outbox";
import { EventRow } from "@/features/admin-events/components/event-row";

export function EventTable({
  events,
  onReplay,
}: {
  events: OutboxEvent[];
  onReplay: (request: ReplayRequest) => Promise<number>;
}) {
  return (
    <div className="table-scroll">
      <table className="data-table event-table">
        <caption className="visually-hidden">Events</caption>
        <thead>
          <tr>
            <th scope="col">Event</th>
            <th scope="col">Type</th>
            <th scope="col">Key</th>
            <th scope="col">Delivery</th>
            <th scope="col">Created</th>
            <th scope="col">Sent</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {events.map((event) => (
            <EventRow key={event.id} event={event} onReplay={onReplay} />
          ))}
        </tbody>
      </table>
    </div>
  );
}
