import { useCallback, useMemo } from "react";
import { useSearchParams } from "react-router";

import { paths } from "@/config/paths";

import { DELIVERIES, EVENT_TYPES, type EventQuery } from "@/features/admin-events/api/outbox";

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const MAX_PAGE = 2 ** 31 - 1;
/** The longest key the API takes. */
export const KEY_MAX = 64;

function oneOf<T extends string>(value: string | null, allowed: readonly T[]): T | null {
  return allowed.find((option) => option === value) ?? null;
}

/** The log's filters as the URL holds them; anything the URL gets wrong is left out. */
export function parseEventQuery(params: URLSearchParams): EventQuery {
  const date = (name: string) => {
    const value = params.get(name);
    return value && DATE.test(value) && !Number.isNaN(Date.parse(value)) ? value : null;
  };
  const page = params.get("page") ?? "";
  return {
    type: oneOf(params.get("type"), EVENT_TYPES),
    key: (params.get("key") ?? "").trim().slice(0, KEY_MAX),
    delivery: oneOf(params.get("delivery"), DELIVERIES),
    from: date("from"),
    to: date("to"),
    page: /^[1-9]\d{0,9}$/.test(page) && Number(page) <= MAX_PAGE ? Number(page) : 1,
  };
}

/** The URL query of the log with `query` (the first page and empty filters left out). */
function eventParams(query: EventQuery): URLSearchParams {
  const params = new URLSearchParams();
  if (query.type) params.set("type", query.type);
  if (query.key) params.set("key", query.key);
  if (query.delivery) params.set("delivery", query.delivery);
  if (query.from) params.set("from", query.from);
  if (query.to) params.set("to", query.to);
  if (query.page > 1) params.set("page", String(query.page));
  return params;
}

export function eventListHref(query: EventQuery): string {
  const search = eventParams(query).toString();
  return search ? `${paths.adminEvents}?${search}` : paths.adminEvents;
}

export function hasFilters(query: EventQuery): boolean {
  return eventListHref({ ...query, page: 1 }) !== paths.adminEvents;
}

/** The filters in the URL, and a change to them that starts again at the first page. */
export function useEventFilters() {
  const [params, setParams] = useSearchParams();
  const query = useMemo(() => parseEventQuery(params), [params]);
  const update = useCallback(
    (changes: Partial<Omit<EventQuery, "page">>) => {
      const next = { ...parseEventQuery(params), ...changes, page: 1 };
      setParams(eventParams(next));
    },
    [params, setParams],
  );
  return { query, update };
}
