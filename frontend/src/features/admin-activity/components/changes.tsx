import { useState } from "react";

import { Price } from "@/lib/shop";

import type { AuditRecord } from "@/features/admin-activity/api/audit";

type Values = AuditRecord["before"];

/** One field of a record: its value before and after (either may be missing). */
export interface Change {
  field: string;
  before?: unknown;
  after?: unknown;
}

// Longer values show their start, and the rest on request.
const SHORT = 60;
const MONEY_FIELDS = new Set(["price", "total_amount", "amount", "total_spent"]);
const AMOUNT = /^-?\d+(\.\d{1,2})?$/;

const isBlank = (value: unknown) => value === null || value === undefined || value === "";

/** The fields a record names, as "field: before → after" lines; a blank value on only one
 * side (a new product's empty description, a stock change without a note) says nothing. */
export function changesOf(before: Values, after: Values): Change[] {
  const names = [...Object.keys(after ?? {})];
  for (const name of Object.keys(before ?? {})) if (!names.includes(name)) names.push(name);
  return names.flatMap((field) => {
    const change: Change = { field };
    if (before && field in before) change.before = before[field];
    if (after && field in after) change.after = after[field];
    const oneSided = !("before" in change) || !("after" in change);
    if (oneSided && isBlank(change.before) && isBlank(change.after)) return [];
    return [change];
  });
}

function fieldLabel(field: string): string {
  return field.replaceAll("_", " ");
}

/** A long text: its start, and a button that shows all of it. */
function LongText({ text, label }: { text: string; label: string }) {
  const [open, setOpen] = useState(false);
  if (text.length <= SHORT) return <span className="activity-value">{text}</span>;
  return (
    <span className="activity-value">
      {open ? text : `${text.slice(0, SHORT).trimEnd()}…`}{" "}
      <button
        type="button"
        className="link-button activity-more"
        aria-expanded={open}
        onClick={() => {
          setOpen(!open);
        }}
      >
        {open ? "Show less" : "Show all"}
        <span className="visually-hidden"> of the {label}</span>
      </button>
    </span>
  );
}

/** A value as text, whatever it is: never markup. Money in the shop's currency. */
function Value({ field, value, side }: { field: string; value: unknown; side: string }) {
  if (isBlank(value)) return <span className="muted">empty</span>;
  if (typeof value === "boolean")
    return <span className="activity-value">{value ? "yes" : "no"}</span>;
  if (MONEY_FIELDS.has(field) && typeof value === "string" && AMOUNT.test(value)) {
    return <Price amount={value} className="activity-value" />;
  }
  const text = typeof value === "string" ? value : JSON.stringify(value);
  return <LongText text={text} label={`${fieldLabel(field)} ${side}`} />;
}

export function Changes({ record }: { record: AuditRecord }) {
  const changes = changesOf(record.before, record.after);
  if (changes.length === 0) return <span className="muted">—</span>;
  return (
    <ul className="activity-changes">
      {changes.map((change) => (
        <li key={change.field}>
          <span className="activity-field">{fieldLabel(change.field)}:</span>{" "}
          {"before" in change && "after" in change ? (
            <>
              <Value field={change.field} value={change.before} side="before" />
              {" → "}
              <Value field={change.field} value={change.after} side="after" />
            </>
          ) : "after" in change ? (
            <Value field={change.field} value={change.after} side="value" />
          ) : (
            <>
              <span className="muted">was </span>
              <Value field={change.field} value={change.before} side="value" />
            </>
          )}
        </li>
      ))}
    </ul>
  );
}
