import { type FormEvent, useId, useState } from "react";

import { ConfirmDialog } from "@/components/ui/dialog";
import { FormError } from "@/components/ui/status";
import { toApiError } from "@/lib/api-client";
import { plural } from "@/lib/format";
import { useShop } from "@/lib/shop";

import {
  EVENT_TYPES,
  type EventType,
  type ReplayRequest,
} from "@/features/admin-events/api/outbox";

interface Range {
  from: string;
  to: string;
  type: EventType | "";
}

/** A time as typed ("2026-12-01T10:00") as people read it: "2026-12-01 10:00". */
const shown = (value: string) => value.replace("T", " ");

function problemOf(range: Range): string | null {
  if (!range.from || !range.to) return "Enter both the start and the end of the range.";
  if (range.from >= range.to) return "The start must be before the end.";
  return null;
}

/** Deliver every sent event of a period again, after saying what that does. */
export function ReplayRange({
  retentionHours,
  onReplay,
}: {
  retentionHours: number | null;
  onReplay: (request: ReplayRequest) => Promise<number>;
}) {
  const id = useId();
  const zone = useShop()?.timezone ?? "the shop's time zone";
  const [range, setRange] = useState<Range>({ from: "", to: "", type: "" });
  const [problem, setProblem] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  const ask = (event: FormEvent) => {
    event.preventDefault();
    const found = problemOf(range);
    setProblem(found);
    setFailure(null);
    if (!found) setConfirming(true);
  };

  const replay = async () => {
    setBusy(true);
    try {
      await onReplay({
        created_from: range.from,
        created_to: range.to,
        ...(range.type && { event_type: range.type }),
      });
    } catch (caught) {
      setFailure(toApiError(caught).message);
    } finally {
      setBusy(false);
      setConfirming(false);
    }
  };

  const change = (changes: Partial<Range>) => {
    setRange({ ...range, ...changes });
  };
  const window =
    retentionHours === null
      ? "recently"
      : `in the last ${plural(Math.max(retentionHours - 1, 0), "hour", "hours")}`;

  return (
    <details className="card replay-range">
      <summary>Replay a time range</summary>
      <form onSubmit={ask} noValidate aria-describedby={`${id}-about`}>
        <p id={`${id}-about`} className="muted">
          Deliver every sent event created in a period again, e.g. after a consumer lost data. Times
          in {zone}; the start is included, the end is not.
        </p>
        <div className="toolbar replay-fields">
          <div className="field">
            <label htmlFor={`${id}-from`}>From</label>
            <input
              id={`${id}-from`}
              type="datetime-local"
              value={range.from}
              aria-invalid={problem !== null && !range.from ? true : undefined}
              onChange={(event) => {
                change({ from: event.target.value });
              }}
            />
          </div>
          <div className="field">
            <label htmlFor={`${id}-to`}>To</label>
            <input
              id={`${id}-to`}
              type="datetime-local"
              value={range.to}
              aria-invalid={
                problem !== null && (!range.to || range.from >= range.to) ? true : undefined
              }
              onChange={(event) => {
                change({ to: event.target.value });
              }}
            />
          </div>
          <div className="field">
            <label htmlFor={`${id}-type`}>Type</label>
            <select
              id={`${id}-type`}
              value={range.type}
              onChange={(event) => {
                change({ type: event.target.value as EventType | "" });
              }}
            >
              <option value="">All types</option>
              {EVENT_TYPES.map((type) => (
                <option key={type} value={type}>
                  {type}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" className="button button-primary replay-submit">
            Replay…
          </button>
        </div>
        <FormError message={problem ?? failure} />
      </form>
      <ConfirmDialog
        open={confirming}
        title="Replay these events?"
        confirmLabel="Replay events"
        busy={busy}
        onConfirm={() => void replay()}
        onCancel={() => {
          setConfirming(false);
        }}
      >
        <p>
          Every sent {range.type ? <code>{range.type}</code> : null} event created from{" "}
          {shown(range.from)} up to {shown(range.to)} ({zone}) is queued to be delivered again.
        </p>
        <p>
          Consumers de-duplicate by event id, so figures they already counted do not change. Only
          events created {window} are replayed: older ones are no longer kept.
        </p>
      </ConfirmDialog>
    </details>
  );
}
