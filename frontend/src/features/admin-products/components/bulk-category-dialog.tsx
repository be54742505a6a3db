import { type FormEvent, useId, useState } from "react";

import { Dialog } from "@/components/ui/dialog";
import { TextField } from "@/components/ui/text-field";
import { plural } from "@/lib/format";

import type { Category } from "@/features/admin-products/api/list-products";

const MAX_CATEGORY = 100;

/** The category for the selected products: one typed (existing ones suggested), or none. */
export function BulkCategoryDialog({
  open,
  count,
  categories,
  busy,
  onSubmit,
  onCancel,
}: {
  open: boolean;
  count: number;
  categories: Category[] | undefined;
  busy: boolean;
  /** null removes the category. */
  onSubmit: (category: string | null) => void;
  onCancel: () => void;
}) {
  const listId = useId();
  const [category, setCategory] = useState("");
  const [error, setError] = useState<string | undefined>();

  const close = () => {
    setCategory("");
    setError(undefined);
    onCancel();
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const name = category.trim();
    if (!name) {
      setError("Enter a category, or remove the category instead.");
      return;
    }
    if (name.length > MAX_CATEGORY) {
      setError(`Use at most ${MAX_CATEGORY} characters.`);
      return;
    }
    onSubmit(name);
  };

  return (
    <Dialog
      open={open}
      title={`Set the category of ${plural(count, "product", "products")}`}
      onClose={close}
    >
      <form onSubmit={submit} noValidate>
        <TextField
          label="Category"
          name="category"
          list={listId}
          autoComplete="off"
          value={category}
          error={error}
          hint="Pick an existing category or type a new one. Categories are saved in lower case."
          onChange={(event) => {
            setCategory(event.target.value);
            setError(undefined);
          }}
        />
        <datalist id={listId}>
          {(categories ?? []).map((option) => (
            <option key={option.name} value={option.name} />
          ))}
        </datalist>
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={busy}>
            {busy ? "Working…" : "Set category"}
          </button>
          <button
            type="button"
            className="button button-secondary"
            disabled={busy}
            onClick={() => {
              onSubmit(null);
            }}
          >
            Remove category
          </button>
          <button type="button" className="button button-secondary" onClick={close}>
            Cancel
          </button>
        </div>
      </form>
    </Dialog>
  );
}
