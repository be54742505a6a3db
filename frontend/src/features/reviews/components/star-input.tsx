const LABELS = ["Poor", "Fair", "Good", "Very good", "Excellent"];

/** A 1–5 rating as a group of radio buttons (arrow keys move between them). */
export function StarInput({
  value,
  onChange,
  error,
}: {
  value: number;
  onChange: (rating: number) => void;
  error?: string | undefined;
}) {
  return (
    <fieldset className="star-input" aria-describedby={error ? "rating-error" : undefined}>
      <legend>Your rating</legend>
      <div className="star-input-options">
        {LABELS.map((label, index) => {
          const rating = index + 1;
          return (
            <label key={rating} className={rating <= value ? "selected" : undefined}>
              <input
                type="radio"
                name="rating"
                value={rating}
                checked={value === rating}
                onChange={() => {
                  onChange(rating);
                }}
              />
              <span aria-hidden="true">★</span>
              <span className="visually-hidden">
                {rating} star{rating === 1 ? "" : "s"}: {label}
              </span>
            </label>
          );
        })}
        <span className="star-input-label" aria-hidden="true">
          {value ? LABELS[value - 1] : ""}
        </span>
      </div>
      {error && (
        <p className="field-error" id="rating-error">
          {error}
        </p>
      )}
    </fieldset>
  );
}
