import { useCallback, useMemo, useRef } from "react";
import { useSearchParams } from "react-router";

import type { CatalogQuery, ProductSort } from "@/features/catalog/api/get-products";

export const SORTS: { value: ProductSort; label: string; needsSearch?: boolean }[] = [
  { value: "relevance", label: "Best match", needsSearch: true },
  { value: "newest", label: "Newest" },
  { value: "price_asc", label: "Price: low to high" },
  { value: "price_desc", label: "Price: high to low" },
  { value: "rating", label: "Top rated" },
  { value: "name", label: "Name: A to Z" },
];

const MONEY = /^\d{1,8}(\.\d{1,2})?$/;

function money(value: string | null): string {
  return value && MONEY.test(value) ? value : "";
}

export function parseCatalogQuery(params: URLSearchParams): CatalogQuery {
  const sort = params.get("sort") ?? "";
  const page = Number(params.get("page"));
  return {
    q: (params.get("q") ?? "").slice(0, 200),
    category: params.get("category") ?? "",
    minPrice: money(params.get("min_price")),
    maxPrice: money(params.get("max_price")),
    inStock: params.get("in_stock") === "1",
    sort: SORTS.some((option) => option.value === sort) ? (sort as ProductSort) : "",
    page: Number.isSafeInteger(page) && page >= 1 && page <= 4000 ? page : 1,
  };
}

export function catalogSearch(query: CatalogQuery): string {
  const params = new URLSearchParams();
  if (query.q) params.set("q", query.q);
  if (query.category) params.set("category", query.category);
  if (query.minPrice) params.set("min_price", query.minPrice);
  if (query.maxPrice) params.set("max_price", query.maxPrice);
  if (query.inStock) params.set("in_stock", "1");
  if (query.sort) params.set("sort", query.sort);
  if (query.page > 1) params.set("page", String(query.page));
  const search = params.toString();
  return search ? `?${search}` : "";
}

/** The catalog's filters live in the URL, so links, reloads and the back button keep them. */
export function useCatalogQuery() {
  const [params, setParams] = useSearchParams();
  const query = useMemo(() => parseCatalogQuery(params), [params]);
  // A navigation is rendered a moment later (in a transition): a change made in between, such
  // as a click right after the search applied, must build on it, not on the URL it replaced.
  const pending = useRef<{ from: URLSearchParams; to: URLSearchParams } | null>(null);

  /** Change filters (back to page 1); typing replaces the history entry instead of adding. */
  const update = useCallback(
    (change: Partial<CatalogQuery>, { replace = false } = {}) => {
      const last = pending.current;
      const base = last?.from === params ? last.to : params;
      const next = { ...parseCatalogQuery(base), page: 1, ...change };
      if (!next.q && next.sort === "relevance") next.sort = "";
      const to = new URLSearchParams(catalogSearch(next));
      pending.current = { from: params, to };
      setParams(to, { replace });
    },
    [params, setParams],
  );

  return { query, update };
}
