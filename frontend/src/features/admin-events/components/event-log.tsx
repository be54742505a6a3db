import { useCallback } from "react";
import { Link } from "react-router";

import { Pagination } from "@/components/ui/pagination";
import { EmptyState, ErrorState, Loading } from "@/components/ui/status";
import { paths } from "@/config/paths";
import { formatNumber } from "@/lib/format";

import {
  EVENTS_PER_PAGE,
  useOutboxEvents,
  useRelayState,
} from "@/features/admin-events/api/outbox";
import { EventFilters } from "@/features/admin-events/components/event-filters";
import { EventTable } from "@/features/admin-events/components/event-table";
import { RelayPanel } from "@/features/admin-events/components/relay-panel";
import { ReplayRange } from "@/features/admin-events/components/replay-range";
import {
  eventListHref,
  hasFilters,
  useEventFilters,
} from "@/features/admin-events/hooks/use-event-filters";
import { useReplay } from "@/features/admin-events/hooks/use-replay";

import "@/features/admin-events/events.css";

/** The event delivery log: the relay's state, the outbox's events, and replays. */
export function EventLog() {
  const { query, update } = useEventFilters();
  const events = useOutboxEvents(query);
  const relay = useRelayState();
  const retentionHours = relay.data?.retention_hours ?? null;
  const { reload: reloadEvents } = events;
  const { reload: reloadRelay } = relay;
  const refresh = useCallback(() => {
    reloadEvents();
    reloadRelay();
  }, [reloadEvents, reloadRelay]);
  const replay = useReplay(refresh);
  const total = events.data?.total ?? 0;
  const pageCount = Math.ceil(total / EVENTS_PER_PAGE);
  const filtered = hasFilters(query);

  return (
    <div className="admin-events">
      <RelayPanel relay={relay} />
      <ReplayRange retentionHours={retentionHours} onReplay={replay} />
      <h2 className="events-heading">Event log</h2>
      <EventFilters query={query} onChange={update} />
      {events.isLoading && <Loading label="Loading events…" />}
      {events.error && (
        <ErrorState
          error={events.error}
          title="The events could not be loaded"
          onRetry={events.reload}
        />
      )}
      {events.data && events.data.items.length === 0 && (
        <EmptyState title={filtered ? "No events match these filters" : "No events kept"}>
          {filtered && <Link to={paths.adminEvents}>Show every event</Link>}
          {!filtered && query.page > 1 && (
            <Link to={paths.adminEvents}>Back to the first page</Link>
          )}
        </EmptyState>
      )}
      {events.data && events.data.items.length > 0 && (
        <>
          <p className="muted events-count" aria-live="polite">
            {formatNumber(total)} {total === 1 ? "event" : "events"}, newest first
          </p>
          <EventTable events={events.data.items} onReplay={replay} />
        </>
      )}
      <Pagination
        page={query.page}
        pageCount={pageCount}
        label="Event pages"
        hrefFor={(page) => eventListHref({ ...query, page })}
      />
    </div>
  );
}
