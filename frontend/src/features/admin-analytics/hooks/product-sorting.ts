import type { ProductSort, SortOrder } from "@/features/admin-analytics/api/analytics";

/** How the products table is sorted, as its URL says (`sort`, `order`). */
export interface Sorting {
  sort: ProductSort;
  /** The direction asked for; null: the column's natural one. */
  order: SortOrder | null;
}

const SORTS: readonly ProductSort[] = [
  "revenue",
  "units",
  "orders",
  "views",
  "conversion",
  "rating",
  "name",
];

/** Names read A to Z, figures highest first, unless the other way is asked for. */
export function naturalOrder(sort: ProductSort): SortOrder {
  return sort === "name" ? "asc" : "desc";
}

export function direction({ sort, order }: Sorting): SortOrder {
  return order ?? naturalOrder(sort);
}

export function readSorting(params: URLSearchParams): Sorting {
  const sort = params.get("sort") as ProductSort | null;
  const order = params.get("order");
  return {
    sort: sort && SORTS.includes(sort) ? sort : "revenue",
    order: order === "asc" || order === "desc" ? order : null,
  };
}

/** What a click on `column`'s header does: the other way round if it sorts already. */
export function sortingAfterClick(current: Sorting, column: ProductSort): Sorting {
  if (column !== current.sort) return { sort: column, order: null };
  const flipped: SortOrder = direction(current) === "asc" ? "desc" : "asc";
  return { sort: column, order: flipped === naturalOrder(column) ? null : flipped };
}

/** The URL parameters of a sorting (defaults left out), to set on the current ones. */
export function sortingParams({ sort, order }: Sorting): Record<string, string | null> {
  return { sort: sort === "revenue" ? null : sort, order, page: null };
}
