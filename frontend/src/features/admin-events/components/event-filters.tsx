import { useCallback, useId } from "react";
import { Link } from "react-router";

import { ChoiceFilter } from "@/components/ui/choice-filter";
import { DayRangeFields, isBackwards } from "@/components/ui/day-range-fields";
import { paths } from "@/config/paths";
import { useShop } from "@/lib/shop";
import { useSearchText } from "@/lib/use-search-text";

import {
  DELIVERIES,
  DELIVERY_LABELS,
  EVENT_TYPES,
  type EventQuery,
} from "@/features/admin-events/api/outbox";
import { hasFilters, KEY_MAX } from "@/features/admin-events/hooks/use-event-filters";

type Changes = Partial<Omit<EventQuery, "page">>;

/** The key: the log follows the text once typing pauses (or on Enter). */
function KeyField({
  id,
  hint,
  value,
  onChange,
}: {
  id: string;
  hint: string;
  value: string;
  onChange: (key: string) => void;
}) {
  const { text, setText, submit } = useSearchText(value, onChange);
  return (
    <form
      role="search"
      aria-label="Find events by key"
      className="field"
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      <label htmlFor={id}>Key</label>
      <input
        id={id}
        type="search"
        placeholder="e.g. 42"
        aria-describedby={hint}
        value={text}
        maxLength={KEY_MAX}
        autoComplete="off"
        onChange={(event) => {
          setText(event.target.value);
        }}
      />
    </form>
  );
}

/** The type, key and delivery of events, and the days they were created on. */
export function EventFilters({
  query,
  onChange,
}: {
  query: EventQuery;
  onChange: (changes: Changes) => void;
}) {
  const id = useId();
  const zone = useShop()?.timezone;
  const backwards = isBackwards(query);
  const zoneHint = `${id}-zone`;
  const keyHint = `${id}-key-hint`;
  const rangeError = `${id}-range`;
  const described = [zoneHint, backwards ? rangeError : null].filter(Boolean).join(" ");
  const changeKey = useCallback(
    (key: string) => {
      onChange({ key });
    },
    [onChange],
  );

  return (
    <div className="event-filters" role="group" aria-label="Filter events">
      <div className="toolbar event-toolbar">
        <ChoiceFilter
          id={`${id}-type`}
          label="Type"
          anyLabel="All types"
          choices={EVENT_TYPES}
          value={query.type}
          onChange={(type) => {
            onChange({ type });
          }}
        />
        <KeyField id={`${id}-key`} hint={keyHint} value={query.key} onChange={changeKey} />
        <ChoiceFilter
          id={`${id}-delivery`}
          label="Delivery"
          anyLabel="Any"
          choices={DELIVERIES}
          labels={DELIVERY_LABELS}
          value={query.delivery}
          onChange={(delivery) => {
            onChange({ delivery });
          }}
        />
        <DayRangeFields id={id} range={query} describedBy={described} onChange={onChange} />
        {hasFilters(query) && (
          <Link to={paths.adminEvents} className="button button-secondary event-clear">
            Clear filters
          </Link>
        )}
      </div>
      <p className="field-hint event-zone" id={keyHint}>
        The key is the id of the product, order or user an event is about.
      </p>
      <p className="field-hint event-zone" id={zoneHint}>
        Dates in {zone ?? "the shop's time zone"}; both days included.
      </p>
      {backwards && (
        <p className="field-error" id={rangeError}>
          “From” is after “To”: no event can match.
        </p>
      )}
    </div>
  );
}
