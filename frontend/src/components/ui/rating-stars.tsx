/** Stars for an average rating (1–5), named for screen readers. */
export function RatingStars({ rating, count }: { rating: number | null; count?: number }) {
  if (rating === null) {
    return (
      <span className="rating rating-none">{count === 0 ? "No reviews yet" : "Not rated"}</span>
    );
  }
  const rounded = Math.round(rating * 10) / 10;
  const label = `Rated ${rounded} out of 5${count === undefined ? "" : ` from ${count} review${count === 1 ? "" : "s"}`}`;
  return (
    <span className="rating" role="img" aria-label={label}>
      <span className="stars" aria-hidden="true">
        <span className="stars-empty">★★★★★</span>
        <span className="stars-full" style={{ width: `${(rating / 5) * 100}%` }}>
          ★★★★★
        </span>
      </span>
      {count !== undefined && (
        <span className="rating-count" aria-hidden="true">
          ({count})
        </span>
      )}
    </span>
  );
}
