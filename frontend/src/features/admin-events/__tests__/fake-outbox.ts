/** The outbox as the API answers it, for these tests: `outbox.events` (newest first by id),
 * the relay's state, and the replays asked for. */
import type { Schemas } from "@/lib/api-client";

import { http } from "@/testing/http";
import { server } from "@/testing/setup-tests";
import { error } from "@/testing/shop-backend";

/** The oldest creation time a replay takes: the retention (168 hours) less an hour ago. */
export const REPLAYABLE_FROM = "2026-11-30T10:00:00Z";

export type OutboxEvent = Schemas["OutboxEventRead"];
type RelayState = Schemas["RelayState"];
type ReplayRequest = Schemas["ReplayRequest"];

export const outbox: {
  events: OutboxEvent[];
  relay: RelayState;
  replays: ReplayRequest[];
  /** What a range replay answers with. */
  rangeReplayed: number;
} = { events: [], relay: aRelay(), replays: [], rangeReplayed: 0 };

export function aRelay(fields: Partial<RelayState> = {}): RelayState {
  return {
    enabled: true,
    transport: "in-process",
    lease_holder: "shop-1:4242:ab12",
    lease_expires_at: "2026-12-01T10:00:30Z",
    backlog: 1234,
    failing: 2,
    oldest_unsent_at: "2026-12-01T09:00:00Z",
    last_sent_at: "2026-12-01T09:59:00Z",
    retention_hours: 168,
    ...fields,
  };
}

export function anEvent(fields: Partial<OutboxEvent> = {}): OutboxEvent {
  return {
    id: 1,
    event_id: "0b6f8c1e-1111-4a4a-9c9c-000000000001",
    event_type: "product_created",
    key: "12",
    user_id: 1,
    data: { product_id: 12, product_name: "Green tea", price: "10.00" },
    created_at: "2026-12-01T09:30:00Z",
    sent_at: "2026-12-01T09:30:01Z",
    attempts: 1,
    last_error: null,
    delivery: "sent",
    ...fields,
  };
}

/** Answer the outbox's endpoints from `outbox` (days in UTC). */
export function serveOutbox(): void {
  outbox.replays = [];
  outbox.rangeReplayed = 0;
  server.use(
    http.get("/admin/outbox", ({ query, response }) => {
      const type = query.get("event_type");
      const key = query.get("key");
      const delivery = query.get("delivery");
      const from = query.get("created_from");
      const to = query.get("created_to");
      const matches = outbox.events
        .filter(
          (event) =>
            (!type || event.event_type === type) &&
            (!key || event.key === key) &&
            (!delivery || event.delivery === delivery) &&
            (!from || event.created_at.slice(0, 10) >= from) &&
            (!to || event.created_at.slice(0, 10) <= to),
        )
        .toSorted((a, b) => b.id - a.id);
      const skip = Number(query.get("skip") ?? 0);
      const limit = Number(query.get("limit") ?? 20);
      return response(200).json(matches.slice(skip, skip + limit), {
        headers: { "X-Total-Count": String(matches.length) },
      });
    }),
    http.get("/admin/outbox/relay", ({ response }) => response(200).json(outbox.relay)),
    http.post("/admin/outbox/replay", async ({ request, response }) => {
      const body = await request.json();
      outbox.replays.push(body);
      if (body.event_id) {
        const event = outbox.events.find((e) => e.event_id === body.event_id);
        if (!event)
          return error(404, "not_found", "No event with that event_id is kept in the outbox");
        const replayed = event.delivery === "sent" ? 1 : 0;
        Object.assign(event, { sent_at: null, delivery: "pending" });
        outbox.relay = { ...outbox.relay, backlog: outbox.relay.backlog + replayed };
        return response(200).json({ replayed, replayable_from: REPLAYABLE_FROM });
      }
      return response(200).json({
        replayed: outbox.rangeReplayed,
        replayable_from: REPLAYABLE_FROM,
      });
    }),
  );
}
