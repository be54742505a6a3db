import { useCallback, useMemo, useRef } from "react";
import { useSearchParams } from "react-router";

import type {
  CustomerQuery,
  CustomerSort,
  RoleFilter,
  SortOrder,
} from "@/features/admin-customers/api/customers";

const ROLES: readonly RoleFilter[] = ["customer", "admin", "all"];
const SORTS: readonly CustomerSort[] = ["joined", "orders", "spent"];
const ORDERS: readonly SortOrder[] = ["asc", "desc"];
export const SEARCH_MAX = 100;
const PAGE_MAX = 10_000;

export const DEFAULT_QUERY: CustomerQuery = {
  q: "",
  role: "customer",
  sort: "joined",
  order: "desc",
  page: 1,
};

function oneOf<T extends string>(value: string | null, allowed: readonly T[], fallback: T): T {
  return allowed.find((option) => option === value) ?? fallback;
}

export function parseCustomerQuery(params: URLSearchParams): CustomerQuery {
  const page = Number(params.get("page"));
  return {
    q: (params.get("q") ?? "").trim().slice(0, SEARCH_MAX),
    role: oneOf(params.get("role"), ROLES, DEFAULT_QUERY.role),
    sort: oneOf(params.get("sort"), SORTS, DEFAULT_QUERY.sort),
    order: oneOf(params.get("order"), ORDERS, DEFAULT_QUERY.order),
    page: Number.isSafeInteger(page) && page >= 1 && page <= PAGE_MAX ? page : 1,
  };
}

/** The query as a URL search; defaults are left out, so the plain list has a plain address. */
export function customerSearch(query: CustomerQuery): string {
  const params = new URLSearchParams();
  if (query.q) params.set("q", query.q);
  if (query.role !== DEFAULT_QUERY.role) params.set("role", query.role);
  if (query.sort !== DEFAULT_QUERY.sort) params.set("sort", query.sort);
  if (query.order !== DEFAULT_QUERY.order) params.set("order", query.order);
  if (query.page > 1) params.set("page", String(query.page));
  const search = params.toString();
  return search ? `?${search}` : "";
}

/** The list's search, filter, sort and page live in the URL: links, reloads and Back keep them. */
export function useCustomerQuery() {
  const [params, setParams] = useSearchParams();
  const query = useMemo(() => parseCustomerQuery(params), [params]);
  // A navigation renders a moment later: a change made in between builds on it.
  const pending = useRef<{ from: URLSearchParams; to: URLSearchParams } | null>(null);

  /** Change the query (back to page 1 unless a page is given); typing replaces the entry. */
  const update = useCallback(
    (change: Partial<CustomerQuery>, { replace = false } = {}) => {
      const last = pending.current;
      const base = last?.from === params ? last.to : params;
      const to = new URLSearchParams(
        customerSearch({ ...parseCustomerQuery(base), page: 1, ...change }),
      );
      pending.current = { from: params, to };
      setParams(to, { replace });
    },
    [params, setParams],
  );

  return { query, update };
}
