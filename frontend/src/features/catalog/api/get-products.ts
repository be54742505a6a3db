import { api, type Page, type Schemas, unwrapPage } from "@/lib/api-client";
import { useQuery } from "@/lib/use-query";

export type Product = Schemas["ProductRead"];
export type ProductSort = Schemas["webshop__catalog__schemas__ProductSort"];

export const PAGE_SIZE = 24;

export interface CatalogQuery {
  q: string;
  category: string;
  minPrice: string;
  maxPrice: string;
  inStock: boolean;
  sort: ProductSort | "";
  page: number;
}

export function getProducts(query: CatalogQuery, signal?: AbortSignal): Promise<Page<Product>> {
  return unwrapPage(
    api.GET("/products/", {
      params: {
        query: {
          q: query.q || undefined,
          category: query.category || undefined,
          min_price: query.minPrice || undefined,
          max_price: query.maxPrice || undefined,
          in_stock: query.inStock || undefined,
          sort: query.sort || undefined,
          skip: (query.page - 1) * PAGE_SIZE,
          limit: PAGE_SIZE,
        },
      },
      signal,
    }),
  );
}

export function useProducts(query: CatalogQuery) {
  return useQuery(`products:${JSON.stringify(query)}`, (signal) => getProducts(query, signal));
}
