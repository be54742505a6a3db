import { type FormEvent, useId, useState } from "react";

import { MAX_STUCK_MINUTES } from "@/features/admin-integrity/api/checks";

/** The minutes typed, if they are a whole number the API accepts. */
function minutesOf(text: string): number | null {
  if (!/^\d+$/.test(text.trim())) return null;
  const minutes = Number(text);
  return minutes >= 1 && minutes <= MAX_STUCK_MINUTES ? minutes : null;
}

/** "Run checks again", with how long an outbox event may wait before it counts as stuck. */
export function RunForm({
  running,
  currentMinutes,
  onRun,
}: {
  running: boolean;
  /** What the last report used: the field shows it until something else is typed. */
  currentMinutes: number | undefined;
  onRun: (minutes: number | null) => void;
}) {
  const id = useId();
  const [typed, setTyped] = useState<string | null>(null);
  const [invalid, setInvalid] = useState(false);
  const text = typed ?? (currentMinutes === undefined ? "" : String(currentMinutes));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (text.trim() === "") {
      setInvalid(false);
      onRun(null);
      return;
    }
    const minutes = minutesOf(text);
    setInvalid(minutes === null);
    if (minutes !== null) onRun(minutes);
  };

  return (
    <form className="integrity-run" onSubmit={submit} aria-label="Run the checks" noValidate>
      <div className="field integrity-minutes">
        <label htmlFor={id}>
          Outbox events count as stuck after<span className="visually-hidden"> (minutes)</span>
        </label>
        <div className="integrity-minutes-row">
          <input
            id={id}
            type="number"
            inputMode="numeric"
            min={1}
            max={MAX_STUCK_MINUTES}
            step={1}
            value={text}
            aria-invalid={invalid || undefined}
            aria-describedby={invalid ? `${id}-error` : undefined}
            onChange={(event) => {
              setTyped(event.target.value);
            }}
          />
          <span aria-hidden="true">minutes</span>
        </div>
        {invalid && (
          <p className="field-error" id={`${id}-error`}>
            Enter a whole number of minutes from 1 to {MAX_STUCK_MINUTES.toLocaleString("en")} (30
            days).
          </p>
        )}
      </div>
      <button type="submit" className="button button-primary" disabled={running}>
        {running ? "Running…" : "Run checks again"}
      </button>
    </form>
  );
}
