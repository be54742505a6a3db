import { useEffect } from "react";

import { api, ApiError, type Schemas, unwrap } from "@/lib/api-client";
import { useCart } from "@/lib/cart";
import { useQuery } from "@/lib/use-query";

type Product = Schemas["ProductRead"];

/** What the catalog says today about each product in the cart; null: no longer sold. */
export async function getCartProducts(
  productIds: readonly number[],
  signal?: AbortSignal,
): Promise<Map<number, Product | null>> {
  const answers = await Promise.all(
    productIds.map((productId) =>
      unwrap(
        api.GET("/products/{product_id}", { params: { path: { product_id: productId } }, signal }),
      ).catch((error: unknown) => {
        if (error instanceof ApiError && error.status === 404) return null;
        throw error;
      }),
    ),
  );
  return new Map(productIds.map((productId, index) => [productId, answers[index] ?? null]));
}

/** Fresh product data for the cart's lines, also written back into the cart. */
export function useCartProducts() {
  const { items, syncProducts } = useCart();
  const ids = items.map((item) => item.productId).sort((a, b) => a - b);
  const query = useQuery(ids.length ? `cart-products:${ids.join(",")}` : null, (signal) =>
    getCartProducts(ids, signal),
  );
  const { data } = query;
  useEffect(() => {
    if (data) syncProducts([...data.values()].filter((product) => product !== null));
  }, [data, syncProducts]);
  return query;
}

export type LineProblem = "unavailable" | "sold_out" | "short" | null;

export function lineProblem(product: Product | null | undefined, quantity: number): LineProblem {
  if (product === undefined) return null; // not checked yet
  if (product === null || !product.is_active) return "unavailable";
  if (product.stock <= 0) return "sold_out";
  if (product.stock < quantity) return "short";
  return null;
}
