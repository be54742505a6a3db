import { type FormEvent, useId, useState } from "react";

import {
  customRange,
  formatRange,
  type Preset,
  PRESETS,
  presetRange,
  previousRange,
  type RangeSelection,
  todayIn,
} from "@/lib/date-range";

/** The period every tab shows: a preset or two dates, and whether to compare. */
export function RangePicker({
  selection,
  timeZone,
  onChange,
}: {
  selection: RangeSelection;
  timeZone: string;
  onChange: (selection: RangeSelection) => void;
}) {
  const { range, compare } = selection;
  const [preset, setPreset] = useState<Preset>(range.preset);
  const [from, setFrom] = useState(range.from);
  const [to, setTo] = useState(range.to);
  const [error, setError] = useState<string | null>(null);
  // Ticked at once, before the URL (where the choice lives) has caught up.
  const [comparing, setComparing] = useState(compare);
  const errorId = useId();

  const choose = (value: Preset) => {
    setPreset(value);
    setError(null);
    if (value !== "custom")
      onChange({ range: presetRange(value, todayIn(timeZone)), compare: comparing });
  };

  const apply = (event: FormEvent) => {
    event.preventDefault();
    const custom = customRange(from, to);
    if ("error" in custom) {
      setError(custom.error);
      return;
    }
    setError(null);
    onChange({ range: custom, compare: comparing });
  };

  return (
    <form className="range-picker" aria-label="Date range" onSubmit={apply}>
      <div className="field">
        <label htmlFor={`${errorId}-period`}>Period</label>
        <select
          id={`${errorId}-period`}
          value={preset}
          onChange={(event) => {
            choose(event.target.value as Preset);
          }}
        >
          {PRESETS.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      </div>
      {preset === "custom" && (
        <>
          <div className="field">
            <label htmlFor={`${errorId}-from`}>From</label>
            <input
              id={`${errorId}-from`}
              type="date"
              value={from}
              required
              aria-invalid={error !== null}
              aria-describedby={error ? errorId : undefined}
              onChange={(event) => {
                setFrom(event.target.value);
              }}
            />
          </div>
          <div className="field">
            <label htmlFor={`${errorId}-to`}>To</label>
            <input
              id={`${errorId}-to`}
              type="date"
              value={to}
              required
              aria-invalid={error !== null}
              aria-describedby={error ? errorId : undefined}
              onChange={(event) => {
                setTo(event.target.value);
              }}
            />
          </div>
          <button type="submit" className="button">
            Apply
          </button>
        </>
      )}
      <label className="checkbox range-compare">
        <input
          type="checkbox"
          checked={comparing}
          onChange={(event) => {
            setComparing(event.target.checked);
            onChange({ range, compare: event.target.checked });
          }}
        />
        Compare with previous period
      </label>
      {error && (
        <p id={errorId} className="form-error" role="alert">
          {error}
        </p>
      )}
      <p className="range-label muted">
        {formatRange(range)}
        {comparing && <> · compared with {formatRange(previousRange(range))}</>}
      </p>
    </form>
  );
}
