/** A filter's first and last day (`YYYY-MM-DD`, null for open), each bounding the other. */
export interface DayRange {
  from: string | null;
  to: string | null;
}

/** Whether the range ends before it starts: nothing can match it. */
export function isBackwards({ from, to }: DayRange): boolean {
  return from !== null && to !== null && from > to;
}

/** The "From" and "To" date fields of a list's filters; `describedBy` names the hints (the
 * time zone, and the error while the range is backwards). */
export function DayRangeFields({
  id,
  range,
  describedBy,
  onChange,
}: {
  id: string;
  range: DayRange;
  describedBy: string;
  onChange: (changes: Partial<DayRange>) => void;
}) {
  const invalid = isBackwards(range) || undefined;
  return (
    <>
      <div className="field">
        <label htmlFor={`${id}-from`}>From</label>
        <input
          id={`${id}-from`}
          type="date"
          value={range.from ?? ""}
          max={range.to ?? undefined}
          aria-describedby={describedBy}
          aria-invalid={invalid}
          onChange={(event) => {
            onChange({ from: event.target.value || null });
          }}
        />
      </div>
      <div className="field">
        <label htmlFor={`${id}-to`}>To</label>
        <input
          id={`${id}-to`}
          type="date"
          value={range.to ?? ""}
          min={range.from ?? undefined}
          aria-describedby={describedBy}
          aria-invalid={invalid}
          onChange={(event) => {
            onChange({ to: event.target.value || null });
          }}
        />
      </div>
    </>
  );
}
