import { useCallback, useMemo } from "react";
import { useSearchParams } from "react-router";

import { paths } from "@/config/paths";

import {
  ORDER_STATUSES,
  type OrderQuery,
  type OrderStatus,
} from "@/features/admin-orders/api/orders";

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const MAX_ID = 2 ** 31 - 1;

function positive(value: string | null): number | null {
  if (!value || !/^[1-9]\d{0,9}$/.test(value)) return null;
  const number = Number(value);
  return number <= MAX_ID ? number : null;
}

/** The list's filters as the URL holds them; anything the URL gets wrong is left out. */
export function parseOrderQuery(params: URLSearchParams): OrderQuery {
  const status = params.get("status");
  const date = (name: string) => {
    const value = params.get(name);
    return value && DATE.test(value) && !Number.isNaN(Date.parse(value)) ? value : null;
  };
  return {
    status: ORDER_STATUSES.includes(status as OrderStatus) ? (status as OrderStatus) : null,
    from: date("from"),
    to: date("to"),
    customer: positive(params.get("customer")),
    page: positive(params.get("page")) ?? 1,
  };
}

/** The URL query of the list with `query` (the first page and empty filters left out). */
function orderParams(query: OrderQuery): URLSearchParams {
  const params = new URLSearchParams();
  if (query.status) params.set("status", query.status);
  if (query.from) params.set("from", query.from);
  if (query.to) params.set("to", query.to);
  if (query.customer !== null) params.set("customer", String(query.customer));
  if (query.page > 1) params.set("page", String(query.page));
  return params;
}

export function orderListHref(query: OrderQuery): string {
  const search = orderParams(query).toString();
  return search ? `${paths.adminOrders}?${search}` : paths.adminOrders;
}

export function hasFilters(query: OrderQuery): boolean {
  return (
    query.status !== null || query.from !== null || query.to !== null || query.customer !== null
  );
}

/** The filters in the URL, and a change to them that starts again at the first page. */
export function useOrderFilters() {
  const [params, setParams] = useSearchParams();
  const query = useMemo(() => parseOrderQuery(params), [params]);
  const update = useCallback(
    (changes: Partial<Omit<OrderQuery, "page">>) => {
      const next = { ...parseOrderQuery(params), ...changes, page: 1 };
      setParams(orderParams(next));
    },
    [params, setParams],
  );
  return { query, update };
}
