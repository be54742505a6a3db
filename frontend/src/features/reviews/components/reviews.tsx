import { useState } from "react";
import { Link, useLocation } from "react-router";

import { EmptyState, ErrorState, FormError, Loading } from "@/components/ui/status";
import { paths } from "@/config/paths";
import { toApiError } from "@/lib/api-client";
import { useAuth } from "@/lib/auth";
import { invalidate } from "@/lib/use-query";

import { createReview, deleteReview, updateReview } from "@/features/reviews/api/change-review";
import {
  REVIEWS_PER_PAGE,
  reviewsKey,
  useOwnReview,
  useReviews,
} from "@/features/reviews/api/get-reviews";
import { ReviewForm } from "@/features/reviews/components/review-form";
import { ReviewItem } from "@/features/reviews/components/review-item";

export function Reviews({ productId, onChange }: { productId: number; onChange: () => void }) {
  const { user } = useAuth();
  const location = useLocation();
  const [page, setPage] = useState(1);
  const reviews = useReviews(productId, page);
  const own = useOwnReview(productId, user?.id ?? null);
  const ownReview = own.data?.items[0];
  const [editing, setEditing] = useState(false);
  const [confirmingDelete, setConfirmingDelete] = useState(false);
  const [deleteError, setDeleteError] = useState<string | null>(null);

  const changed = () => {
    invalidate(reviewsKey(productId));
    setEditing(false);
    setConfirmingDelete(false);
    setPage(1);
    reviews.reload();
    own.reload();
    onChange();
  };

  const remove = async () => {
    if (!ownReview) return;
    setDeleteError(null);
    try {
      await deleteReview(productId, ownReview.id);
      changed();
    } catch (error) {
      setDeleteError(toApiError(error).message);
    }
  };

  const total = reviews.data?.total ?? 0;
  const pageCount = Math.ceil(total / REVIEWS_PER_PAGE);

  return (
    <section className="reviews" aria-labelledby="reviews-heading">
      <h2 id="reviews-heading">Reviews{reviews.data ? ` (${total})` : ""}</h2>

      <div className="own-review">
        {!user && (
          <p>
            <Link to={paths.login(location.pathname)}>Log in</Link> to review this product.
          </p>
        )}
        {user && own.isLoading && <Loading label="Loading your review…" />}
        {user && own.error && <ErrorState error={own.error} onRetry={own.reload} />}
        {user && own.data && !ownReview && (
          <>
            <h3>Write a review</h3>
            <ReviewForm
              onSubmit={async (data) => {
                await createReview(productId, data);
                changed();
              }}
            />
          </>
        )}
        {ownReview && !editing && (
          <>
            <h3>Your review</h3>
            <ReviewItem review={ownReview} own />
            <div className="form-actions">
              <button
                type="button"
                className="button button-secondary"
                onClick={() => {
                  setEditing(true);
                }}
              >
                Edit review
              </button>
              {confirmingDelete ? (
                <>
                  <span>Delete your review?</span>
                  <button
                    type="button"
                    className="button button-danger"
                    onClick={() => void remove()}
                  >
                    Yes, delete it
                  </button>
                  <button
                    type="button"
                    className="button button-secondary"
                    onClick={() => {
                      setConfirmingDelete(false);
                    }}
                  >
                    Keep it
                  </button>
                </>
              ) : (
                <button
                  type="button"
                  className="button button-secondary"
                  onClick={() => {
                    setConfirmingDelete(true);
                  }}
                >
                  Delete review
                </button>
              )}
            </div>
            <FormError message={deleteError} />
          </>
        )}
        {ownReview && editing && (
          <>
            <h3>Edit your review</h3>
            <ReviewForm
              review={ownReview}
              onSubmit={async (data) => {
                await updateReview(productId, ownReview.id, data);
                changed();
              }}
              onCancel={() => {
                setEditing(false);
              }}
            />
          </>
        )}
      </div>

      {reviews.isLoading && <Loading label="Loading reviews…" />}
      {reviews.error && (
        <ErrorState
          error={reviews.error}
          title="The reviews could not be loaded"
          onRetry={reviews.reload}
        />
      )}
      {reviews.data?.items.length === 0 && (
        <EmptyState title="No reviews yet">
          <p>Be the first to say what you think.</p>
        </EmptyState>
      )}
      {reviews.data && reviews.data.items.length > 0 && (
        <ol className="review-list">
          {reviews.data.items.map((review) => (
            <li key={review.id}>
              <ReviewItem review={review} own={review.user_id === user?.id} />
            </li>
          ))}
        </ol>
      )}
      {pageCount > 1 && (
        <nav className="pagination" aria-label="Review pages">
          <button
            type="button"
            className="button button-secondary"
            disabled={page <= 1}
            onClick={() => {
              setPage(page - 1);
            }}
          >
            Newer reviews
          </button>
          <span>
            Page {page} of {pageCount}
          </span>
          <button
            type="button"
            className="button button-secondary"
            disabled={page >= pageCount}
            onClick={() => {
              setPage(page + 1);
            }}
          >
            Older reviews
          </button>
        </nav>
      )}
    </section>
  );
}
