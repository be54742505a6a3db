import { api, type Page, type Schemas, unwrap, unwrapPage } from "@/lib/api-client";
import { useQuery } from "@/lib/use-query";

export type AdminProduct = Schemas["ProductRead"];
export type ProductSort = Schemas["webshop__catalog__schemas__ProductSort"];
export type Category = Schemas["CategoryRead"];

/** all: for sale and deleted; sale: for sale only; deleted: deleted only. */
export type ProductStatus = "all" | "sale" | "deleted";

export interface AdminProductQuery {
  q: string;
  category: string;
  status: ProductStatus;
  lowStock: boolean;
  sort: ProductSort | "";
  page: number;
  perPage: number;
}

export const PAGE_SIZES = [20, 50, 100] as const;
export const DEFAULT_PAGE_SIZE = 20;
/** "Low stock": this many or fewer left. */
export const LOW_STOCK_MAX = 5;

/** Every cached admin products answer starts with this (for `invalidate`). */
export const ADMIN_PRODUCTS_KEY = "admin-products:";

/** The filters and order of a query as the API's parameters (the list and the export). */
export function filterParams(query: AdminProductQuery) {
  return {
    q: query.q || undefined,
    category: query.category || undefined,
    include_inactive: query.status === "all" ? true : undefined,
    is_active: query.status === "all" ? undefined : query.status === "sale",
    max_stock: query.lowStock ? LOW_STOCK_MAX : undefined,
    sort: query.sort || undefined,
  };
}

export function getAdminProducts(
  query: AdminProductQuery,
  signal?: AbortSignal,
): Promise<Page<AdminProduct>> {
  return unwrapPage(
    api.GET("/products/", {
      params: {
        query: {
          ...filterParams(query),
          skip: (query.page - 1) * query.perPage,
          limit: query.perPage,
        },
      },
      signal,
    }),
  );
}

export function useAdminProducts(query: AdminProductQuery) {
  return useQuery(`${ADMIN_PRODUCTS_KEY}${JSON.stringify(query)}`, (signal) =>
    getAdminProducts(query, signal),
  );
}

export function useProductCategories() {
  return useQuery("categories", (signal) => unwrap(api.GET("/products/categories", { signal })));
}
