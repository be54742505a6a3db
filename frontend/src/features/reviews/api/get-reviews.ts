import { api, type Page, type Schemas, unwrapPage } from "@/lib/api-client";
import { useQuery } from "@/lib/use-query";

export type Review = Schemas["ReviewRead"];

export const REVIEWS_PER_PAGE = 5;

export function getReviews(
  productId: number,
  { page = 1, userId }: { page?: number; userId?: number },
  signal?: AbortSignal,
): Promise<Page<Review>> {
  return unwrapPage(
    api.GET("/products/{product_id}/reviews", {
      params: {
        path: { product_id: productId },
        query: { skip: (page - 1) * REVIEWS_PER_PAGE, limit: REVIEWS_PER_PAGE, user_id: userId },
      },
      signal,
    }),
  );
}

export function reviewsKey(productId: number): string {
  return `reviews:${productId}:`;
}

export function useReviews(productId: number, page: number) {
  return useQuery(`${reviewsKey(productId)}page:${page}`, (signal) =>
    getReviews(productId, { page }, signal),
  );
}

/** The logged-in customer's own review of the product, if they wrote one. */
export function useOwnReview(productId: number, userId: number | null) {
  return useQuery(userId === null ? null : `${reviewsKey(productId)}user:${userId}`, (signal) =>
    getReviews(productId, { userId: userId ?? 0 }, signal),
  );
}
