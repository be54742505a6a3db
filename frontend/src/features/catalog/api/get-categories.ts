import { api, type Schemas, unwrap } from "@/lib/api-client";
import { useQuery } from "@/lib/use-query";

export type Category = Schemas["CategoryRead"];

export function getCategories(signal?: AbortSignal): Promise<Category[]> {
  return unwrap(api.GET("/products/categories", { signal }));
}

export function useCategories() {
  return useQuery("categories", getCategories);
}
