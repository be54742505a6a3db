import { api, type Schemas, unwrap, unwrapPage } from "@/lib/api-client";
import { invalidate, useQuery } from "@/lib/use-query";

export type StockMovement = Schemas["StockMovementRead"];
export type StockChange = Schemas["StockChange"];

export const HISTORY_PAGE_SIZE = 20;

const historyKey = (productId: number) => `admin-stock-history:${productId}:`;

export function adjustStock(productId: number, change: StockChange): Promise<StockMovement> {
  return unwrap(
    api.POST("/products/{product_id}/stock", {
      params: { path: { product_id: productId } },
      body: change,
    }),
  );
}

/** One page (from 1) of a product's stock movements, newest first. */
export function useStockHistory(productId: number, page: number) {
  return useQuery(`${historyKey(productId)}${page}`, (signal) =>
    unwrapPage(
      api.GET("/products/{product_id}/stock-history", {
        params: {
          path: { product_id: productId },
          query: { skip: (page - 1) * HISTORY_PAGE_SIZE, limit: HISTORY_PAGE_SIZE },
        },
        signal,
      }),
    ),
  );
}

export function forgetStockHistory(productId: number): void {
  invalidate(historyKey(productId));
}
