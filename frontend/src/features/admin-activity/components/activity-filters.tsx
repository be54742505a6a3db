import { useCallback, useId } from "react";
import { Link } from "react-router";

import { ChoiceFilter } from "@/components/ui/choice-filter";
import { DayRangeFields, isBackwards } from "@/components/ui/day-range-fields";
import { paths } from "@/config/paths";
import { useShop } from "@/lib/shop";
import { useSearchText } from "@/lib/use-search-text";

import type { ActivityQuery } from "@/features/admin-activity/api/audit";
import { AdministratorSelect } from "@/features/admin-activity/components/administrator-select";
import {
  ACTION_LABELS,
  ACTIONS,
  OBJECT_LABELS,
  OBJECT_TYPES,
} from "@/features/admin-activity/components/labels";
import { hasFilters, OBJECT_ID_MAX } from "@/features/admin-activity/hooks/use-activity-filters";

type Changes = Partial<Omit<ActivityQuery, "page">>;

/** The object's id: the trail follows the text once typing pauses (or on Enter). */
function ObjectIdField({
  id,
  value,
  onChange,
}: {
  id: string;
  value: string;
  onChange: (objectId: string) => void;
}) {
  const { text, setText, submit } = useSearchText(value, onChange);
  return (
    <form
      role="search"
      aria-label="Find an object's records"
      className="field activity-object-id"
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      <label htmlFor={id}>Object id</label>
      <input
        id={id}
        type="search"
        placeholder="e.g. 42"
        value={text}
        maxLength={OBJECT_ID_MAX}
        autoComplete="off"
        onChange={(event) => {
          setText(event.target.value);
        }}
      />
    </form>
  );
}

/** Who acted, what they did, to which object, and on which days (in the shop's time zone). */
export function ActivityFilters({
  query,
  onChange,
}: {
  query: ActivityQuery;
  onChange: (changes: Changes) => void;
}) {
  const id = useId();
  const zone = useShop()?.timezone;
  const backwards = isBackwards(query);
  const zoneHint = `${id}-zone`;
  const rangeError = `${id}-range`;
  const described = [zoneHint, backwards ? rangeError : null].filter(Boolean).join(" ");
  const changeObjectId = useCallback(
    (objectId: string) => {
      onChange({ objectId });
    },
    [onChange],
  );

  return (
    <div className="activity-filters" role="group" aria-label="Filter activity">
      <div className="toolbar activity-toolbar">
        <AdministratorSelect
          id={`${id}-actor`}
          value={query.actor}
          onChange={(actor) => {
            onChange({ actor });
          }}
        />
        <ChoiceFilter
          id={`${id}-action`}
          label="Action"
          anyLabel="All actions"
          choices={ACTIONS}
          labels={ACTION_LABELS}
          value={query.action}
          onChange={(action) => {
            onChange({ action });
          }}
        />
        <ChoiceFilter
          id={`${id}-object`}
          label="Object type"
          anyLabel="All objects"
          choices={OBJECT_TYPES}
          labels={OBJECT_LABELS}
          value={query.objectType}
          onChange={(objectType) => {
            onChange({ objectType });
          }}
        />
        <ObjectIdField id={`${id}-object-id`} value={query.objectId} onChange={changeObjectId} />
        <DayRangeFields id={id} range={query} describedBy={described} onChange={onChange} />
        {hasFilters(query) && (
          <Link to={paths.adminActivity} className="button button-secondary activity-clear">
            Clear filters
          </Link>
        )}
      </div>
      <p className="field-hint activity-zone" id={zoneHint}>
        Dates in {zone ?? "the shop's time zone"}; both days included.
      </p>
      {backwards && (
        <p className="field-error" id={rangeError}>
          “From” is after “To”: no record can match.
        </p>
      )}
    </div>
  );
}
