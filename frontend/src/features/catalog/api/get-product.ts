import { api, unwrap } from "@/lib/api-client";
import { useQuery } from "@/lib/use-query";

import type { Product } from "@/features/catalog/api/get-products";

export function getProduct(productId: number, signal?: AbortSignal): Promise<Product> {
  return unwrap(
    api.GET("/products/{product_id}", { params: { path: { product_id: productId } }, signal }),
  );
}

export function useProduct(productId: number | null) {
  return useQuery(productId === null ? null : `product:${productId}`, (signal) =>
    getProduct(productId ?? 0, signal),
  );
}
