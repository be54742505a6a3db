import { useEffect } from "react";

import { api, type Page, type Schemas, unwrap, unwrapPage } from "@/lib/api-client";
import { invalidate, useQuery } from "@/lib/use-query";

export type OutboxEvent = Schemas["OutboxEventRead"];
export type RelayState = Schemas["RelayState"];
export type Delivery = Schemas["Delivery"];
export type EventType = Schemas["EventType"];
export type ReplayRequest = Schemas["ReplayRequest"];
export type ReplayResult = Schemas["ReplayResult"];

export const EVENTS_PER_PAGE = 20;
export const RELAY_REFRESH_MS = 10_000;
const EVENTS_KEY = "admin-events";

// Every event type the API names: a type added to the API fails to compile here until listed.
const EVENT_TYPE_NAMES: Record<EventType, true> = {
  product_viewed: true,
  product_created: true,
  product_updated: true,
  product_deleted: true,
  product_list_viewed: true,
  order_created: true,
  order_paid: true,
  order_shipped: true,
  order_completed: true,
  order_cancelled: true,
  user_registered: true,
  user_login: true,
  admin_dashboard_access: true,
  cart_updated: true,
};

export const EVENT_TYPES = Object.keys(EVENT_TYPE_NAMES) as EventType[];

export const DELIVERY_LABELS: Record<Delivery, string> = {
  pending: "Pending",
  failing: "Failing",
  sent: "Sent",
};

export const DELIVERIES = Object.keys(DELIVERY_LABELS) as Delivery[];

/** What the log is narrowed to; dates are calendar dates (YYYY-MM-DD) in the shop's zone. */
export interface EventQuery {
  type: EventType | null;
  /** "" for any key. */
  key: string;
  delivery: Delivery | null;
  from: string | null;
  to: string | null;
  page: number;
}

export function getOutboxEvents(
  query: EventQuery,
  signal?: AbortSignal,
): Promise<Page<OutboxEvent>> {
  return unwrapPage(
    api.GET("/admin/outbox", {
      params: {
        query: {
          ...(query.type && { event_type: query.type }),
          ...(query.key && { key: query.key }),
          ...(query.delivery && { delivery: query.delivery }),
          ...(query.from && { created_from: query.from }),
          ...(query.to && { created_to: query.to }),
          skip: (query.page - 1) * EVENTS_PER_PAGE,
          limit: EVENTS_PER_PAGE,
        },
      },
      signal,
    }),
  );
}

export function useOutboxEvents(query: EventQuery) {
  return useQuery(`${EVENTS_KEY}:list:${JSON.stringify(query)}`, (signal) =>
    getOutboxEvents(query, signal),
  );
}

/** Who relays the outbox and how much waits, fetched again every `RELAY_REFRESH_MS` while the
 * page is in view. */
export function useRelayState() {
  const query = useQuery(`${EVENTS_KEY}:relay`, (signal) =>
    unwrap(api.GET("/admin/outbox/relay", { signal })),
  );
  const { reload } = query;
  useEffect(() => {
    const timer = setInterval(() => {
      if (!document.hidden) reload();
    }, RELAY_REFRESH_MS);
    return () => {
      clearInterval(timer);
    };
  }, [reload]);
  return query;
}

/** Queue one sent event, or a time range's, to be delivered again; how many were. */
export async function replayEvents(request: ReplayRequest): Promise<ReplayResult> {
  const result = await unwrap(api.POST("/admin/outbox/replay", { body: request }));
  invalidate(EVENTS_KEY);
  return result;
}
