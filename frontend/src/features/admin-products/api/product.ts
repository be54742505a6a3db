import { useCallback, useState } from "react";

import { api, type Schemas, unwrap, unwrapEmpty } from "@/lib/api-client";
import { invalidate, useQuery } from "@/lib/use-query";

import { ADMIN_PRODUCTS_KEY } from "@/features/admin-products/api/list-products";

export type Product = Schemas["ProductRead"];

const productKey = (productId: number) => `admin-product:${productId}`;

/** Cached answers a change to a product makes stale: its page, the lists, the categories. */
export function forgetProduct(productId: number): void {
  invalidate(productKey(productId));
  invalidate(`product:${productId}`);
  invalidate(ADMIN_PRODUCTS_KEY);
  invalidate("categories");
}

/** One product as an administrator reads it: deleted ones too. */
export function getAdminProduct(productId: number, signal?: AbortSignal): Promise<Product> {
  return unwrap(
    api.GET("/products/{product_id}", { params: { path: { product_id: productId } }, signal }),
  );
}

/** The product being edited; `replace` puts in what a change answered with. */
export function useAdminProduct(productId: number) {
  const query = useQuery(productKey(productId), (signal) => getAdminProduct(productId, signal));
  const [latest, setLatest] = useState<Product | null>(null);
  const replace = useCallback((product: Product) => {
    forgetProduct(product.id);
    setLatest(product);
  }, []);
  return { ...query, data: latest ?? query.data, replace };
}

export function createProduct(data: Schemas["ProductCreate"]): Promise<Product> {
  return unwrap(api.POST("/products/", { body: data }));
}

export function updateProduct(
  productId: number,
  changes: Schemas["ProductUpdate"],
): Promise<Product> {
  return unwrap(
    api.PUT("/products/{product_id}", {
      params: { path: { product_id: productId } },
      body: changes,
    }),
  );
}

/** Soft delete: the product leaves the shop, and comes back with `restoreProduct`. */
export function deleteProduct(productId: number): Promise<void> {
  return unwrapEmpty(
    api.DELETE("/products/{product_id}", { params: { path: { product_id: productId } } }),
  );
}

export function restoreProduct(productId: number): Promise<Product> {
  return updateProduct(productId, { is_active: true });
}

/** The category names in use, for suggestions. */
export function useCategoryNames(): string[] {
  const { data } = useQuery("categories", (signal) =>
    unwrap(api.GET("/products/categories", { signal })),
  );
  return data?.map((category) => category.name) ?? [];
}
