import type { RefObject } from "react";

import { plural } from "@/lib/format";

/** What can be done to the selected products at once. */
export function BulkBar({
  count,
  busy,
  onActivate,
  onDeactivate,
  onSetCategory,
  onEdit,
  onClear,
}: {
  count: number;
  busy: boolean;
  onActivate: () => void;
  onDeactivate: () => void;
  onSetCategory: () => void;
  onEdit: () => void;
  onClear: () => void;
}) {
  return (
    <section className="bulk-bar" aria-label="Selected products">
      <p className="bulk-count" role="status">
        {count} selected
      </p>
      <div className="bulk-actions">
        <button type="button" className="button" disabled={busy} onClick={onActivate}>
          Activate
        </button>
        <button type="button" className="button" disabled={busy} onClick={onDeactivate}>
          Deactivate
        </button>
        <button type="button" className="button" disabled={busy} onClick={onSetCategory}>
          Set category
        </button>
        <button type="button" className="button" disabled={busy} onClick={onEdit}>
          Edit stock &amp; price
        </button>
        <button type="button" className="button button-secondary" onClick={onClear}>
          Clear selection
        </button>
      </div>
    </section>
  );
}

/** While prices and stock are edited inline: save everything in one request, or discard. */
export function BulkEditBar({
  changeCount,
  saving,
  formError,
  saveRef,
  onSave,
  onDiscard,
}: {
  changeCount: number;
  saving: boolean;
  formError: string | null;
  saveRef: RefObject<HTMLButtonElement>;
  onSave: () => void;
  onDiscard: () => void;
}) {
  return (
    <section className="bulk-bar bulk-edit-bar" aria-label="Inline editing">
      <p className="bulk-count">Editing price and stock. Enter moves down, Escape undoes a cell.</p>
      <div className="bulk-actions">
        <button
          ref={saveRef}
          type="button"
          className="button button-primary"
          disabled={saving || changeCount === 0}
          onClick={onSave}
        >
          {saving
            ? "Saving…"
            : changeCount
              ? `Save ${plural(changeCount, "change", "changes")}`
              : "Save changes"}
        </button>
        <button type="button" className="button button-secondary" onClick={onDiscard}>
          {changeCount ? "Discard changes" : "Stop editing"}
        </button>
      </div>
      {formError && (
        <p className="form-error bulk-error" role="alert">
          {formError}
        </p>
      )}
    </section>
  );
}
