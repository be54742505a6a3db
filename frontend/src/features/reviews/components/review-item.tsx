import { RatingStars } from "@/components/ui/rating-stars";
import { DateTime } from "@/lib/shop";

import type { Review } from "@/features/reviews/api/get-reviews";

export function ReviewItem({ review, own }: { review: Review; own?: boolean }) {
  return (
    <article className="review">
      <header className="review-header">
        <RatingStars rating={review.rating} />
        <span className="review-author">{own ? "You" : review.username}</span>
        {review.verified_purchase && <span className="badge-verified">Verified purchase</span>}
        <span className="muted">
          <DateTime iso={review.created_at} />
        </span>
      </header>
      {review.comment && <p className="review-comment">{review.comment}</p>}
    </article>
  );
}
