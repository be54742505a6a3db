import { type FormEvent, useId, useState } from "react";

import { FormError } from "@/components/ui/status";
import { toApiError } from "@/lib/api-client";

import type { Review } from "@/features/reviews/api/get-reviews";
import { StarInput } from "@/features/reviews/components/star-input";

export const MAX_COMMENT = 2000;

export function ReviewForm({
  review,
  onSubmit,
  onCancel,
}: {
  review?: Review;
  onSubmit: (data: { rating: number; comment: string }) => Promise<void>;
  onCancel?: () => void;
}) {
  const commentId = useId();
  const [rating, setRating] = useState(review?.rating ?? 0);
  const [comment, setComment] = useState(review?.comment ?? "");
  const [ratingError, setRatingError] = useState<string>();
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (rating < 1) {
      setRatingError("Choose from one to five stars.");
      return;
    }
    setRatingError(undefined);
    setError(null);
    setSaving(true);
    try {
      await onSubmit({ rating, comment: comment.trim() });
    } catch (caught) {
      setError(toApiError(caught).message);
    } finally {
      setSaving(false);
    }
  };

  return (
    <form className="review-form" onSubmit={(event) => void submit(event)} noValidate>
      <StarInput value={rating} onChange={setRating} error={ratingError} />
      <div className="field">
        <label htmlFor={commentId}>Your review (optional)</label>
        <textarea
          id={commentId}
          name="comment"
          rows={4}
          maxLength={MAX_COMMENT}
          value={comment}
          onChange={(event) => {
            setComment(event.target.value);
          }}
        />
        <p className="field-hint">
          {comment.length} / {MAX_COMMENT} characters
        </p>
      </div>
      <FormError message={error} />
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={saving}>
          {review ? "Save review" : "Post review"}
        </button>
        {onCancel && (
          <button type="button" className="button button-secondary" onClick={onCancel}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}
