import { useId } from "react";

import { ErrorState, Loading } from "@/components/ui/status";
import type { Query } from "@/lib/use-query";
import { formatNumber, plural } from "@/lib/format";
import { DateTime } from "@/lib/shop";

import type { RelayState } from "@/features/admin-events/api/outbox";

function Moment({ iso }: { iso: string | null }) {
  return iso ? <DateTime iso={iso} /> : <span className="muted">—</span>;
}

/** Who delivers the outbox's events, in one sentence. */
function Holder({ relay }: { relay: RelayState }) {
  if (relay.lease_holder) {
    return (
      <p className="relay-holder">
        <span className="pill pill-success">Running</span> Relay running on{" "}
        <span className="relay-host">{relay.lease_holder}</span>
      </p>
    );
  }
  return (
    <p className="relay-holder">
      <span className="pill pill-warning">Stopped</span> No relay holds the lease
      {relay.enabled
        ? ": events wait until one takes it."
        : ". This server does not run one (RELAY_ENABLED is off): events wait until a server that does takes the lease."}
    </p>
  );
}

/** The relay: who runs it, how many events wait or fail, and since when. */
export function RelayPanel({ relay }: { relay: Query<RelayState> }) {
  const headingId = useId();
  const state = relay.data;
  return (
    <section className="card relay-panel" aria-labelledby={headingId}>
      <div className="relay-head">
        <h2 id={headingId}>Relay</h2>
        <button type="button" className="button button-secondary" onClick={relay.reload}>
          Refresh<span className="visually-hidden"> relay state</span>
        </button>
      </div>
      {relay.error && !state && (
        <ErrorState
          error={relay.error}
          title="The relay's state could not be loaded"
          onRetry={relay.reload}
        />
      )}
      {relay.isLoading && <Loading label="Loading the relay's state…" />}
      {state && (
        <>
          <Holder relay={state} />
          <dl className="relay-facts">
            <div>
              <dt>Waiting to be sent</dt>
              <dd>{formatNumber(state.backlog)}</dd>
            </div>
            <div>
              <dt>Failing</dt>
              <dd className={state.failing > 0 ? "relay-failing" : undefined}>
                {formatNumber(state.failing)}
              </dd>
            </div>
            <div>
              <dt>Oldest unsent</dt>
              <dd>
                <Moment iso={state.oldest_unsent_at} />
              </dd>
            </div>
            <div>
              <dt>Last sent</dt>
              <dd>
                <Moment iso={state.last_sent_at} />
              </dd>
            </div>
            <div>
              <dt>Delivered to</dt>
              <dd>{state.transport === "kafka" ? "Kafka" : "In-process (analytics tables)"}</dd>
            </div>
            <div>
              <dt>Sent events kept</dt>
              <dd>{plural(state.retention_hours, "hour", "hours")}</dd>
            </div>
          </dl>
        </>
      )}
    </section>
  );
}
