import { api, type Schemas, unwrap, unwrapEmpty } from "@/lib/api-client";

import type { Review } from "@/features/reviews/api/get-reviews";

export function createReview(productId: number, data: Schemas["ReviewCreate"]): Promise<Review> {
  return unwrap(
    api.POST("/products/{product_id}/reviews", {
      params: { path: { product_id: productId } },
      body: data,
    }),
  );
}

export function updateReview(
  productId: number,
  reviewId: number,
  data: Schemas["ReviewUpdate"],
): Promise<Review> {
  return unwrap(
    api.PUT("/products/{product_id}/reviews/{review_id}", {
      params: { path: { product_id: productId, review_id: reviewId } },
      body: data,
    }),
  );
}

export function deleteReview(productId: number, reviewId: number): Promise<void> {
  return unwrapEmpty(
    api.DELETE("/products/{product_id}/reviews/{review_id}", {
      params: { path: { product_id: productId, review_id: reviewId } },
    }),
  );
}
