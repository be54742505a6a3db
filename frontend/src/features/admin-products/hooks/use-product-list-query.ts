import { useCallback, useMemo, useRef } from "react";
import { useSearchParams } from "react-router";

import {
  type AdminProductQuery,
  DEFAULT_PAGE_SIZE,
  PAGE_SIZES,
  type ProductSort,
  type ProductStatus,
} from "@/features/admin-products/api/list-products";

export const SORTS: { value: ProductSort; label: string; needsSearch?: boolean }[] = [
  { value: "relevance", label: "Best match", needsSearch: true },
  { value: "newest", label: "Newest" },
  { value: "name", label: "Name: A to Z" },
  { value: "price_asc", label: "Price: low to high" },
  { value: "price_desc", label: "Price: high to low" },
  { value: "stock_asc", label: "Stock: low to high" },
  { value: "stock_desc", label: "Stock: high to low" },
  { value: "rating", label: "Top rated" },
];

const STATUSES: ProductStatus[] = ["all", "sale", "deleted"];
const MAX_PAGE = 1000;

function whole(value: string | null, fallback: number, max: number): number {
  const number = Number(value);
  return value && Number.isSafeInteger(number) && number >= 1 && number <= max ? number : fallback;
}

export function parseProductListQuery(params: URLSearchParams): AdminProductQuery {
  const sort = params.get("sort") ?? "";
  const status = params.get("status") ?? "";
  const perPage = Number(params.get("per_page"));
  return {
    q: (params.get("q") ?? "").slice(0, 200),
    category: (params.get("category") ?? "").slice(0, 100),
    status: STATUSES.includes(status as ProductStatus) ? (status as ProductStatus) : "all",
    lowStock: params.get("low_stock") === "1",
    sort: SORTS.some((option) => option.value === sort) ? (sort as ProductSort) : "",
    page: whole(params.get("page"), 1, MAX_PAGE),
    perPage: (PAGE_SIZES as readonly number[]).includes(perPage) ? perPage : DEFAULT_PAGE_SIZE,
  };
}

export function productListSearch(query: AdminProductQuery): string {
  const params = new URLSearchParams();
  if (query.q) params.set("q", query.q);
  if (query.category) params.set("category", query.category);
  if (query.status !== "all") params.set("status", query.status);
  if (query.lowStock) params.set("low_stock", "1");
  if (query.sort) params.set("sort", query.sort);
  if (query.perPage !== DEFAULT_PAGE_SIZE) params.set("per_page", String(query.perPage));
  if (query.page > 1) params.set("page", String(query.page));
  const search = params.toString();
  return search ? `?${search}` : "";
}

/** Whether the query narrows the list (the empty list then means "nothing matches"). */
export function isFiltered(query: AdminProductQuery): boolean {
  return Boolean(query.q || query.category || query.status !== "all" || query.lowStock);
}

/** The list's search, filters, order and page live in the URL: reloads and Back keep them. */
export function useProductListQuery() {
  const [params, setParams] = useSearchParams();
  const query = useMemo(() => parseProductListQuery(params), [params]);
  // A navigation renders a moment later (in a transition): a change made in between must build
  // on it, not on the URL it replaced.
  const pending = useRef<{ from: URLSearchParams; to: URLSearchParams } | null>(null);

  /** Change the query (back to page 1 unless a page is given); `replace` for typing. */
  const update = useCallback(
    (change: Partial<AdminProductQuery>, { replace = false } = {}) => {
      const last = pending.current;
      const base = last?.from === params ? last.to : params;
      const next = { ...parseProductListQuery(base), page: 1, ...change };
      if (!next.q && next.sort === "relevance") next.sort = "";
      const to = new URLSearchParams(productListSearch(next));
      pending.current = { from: params, to };
      setParams(to, { replace });
    },
    [params, setParams],
  );

  return { query, update };
}
