import { type FormEvent, useEffect, useId, useRef, useState } from "react";

import { Dialog } from "@/components/ui/dialog";
import { FormError } from "@/components/ui/status";
import { toApiError } from "@/lib/api-client";

import {
  adjustStock,
  type StockChange,
  type StockMovement,
} from "@/features/admin-products/api/stock";
import {
  NOTE_MAX,
  stockChangeCheck,
} from "@/features/admin-products/components/product-form-rules";

const MINUS = "\u2212";
const signed = (n: number) => (n < 0 ? `${MINUS}${Math.abs(n)}` : String(n));

function StockChangeForm({
  productId,
  stock,
  onAdjusted,
  onStale,
  onCancel,
}: {
  productId: number;
  stock: number;
  onAdjusted: (movement: StockMovement) => void;
  onStale: () => void;
  onCancel: () => void;
}) {
  const deltaId = useId();
  const noteId = useId();
  const reasonId = useId();
  const deltaInput = useRef<HTMLInputElement>(null);
  const [delta, setDelta] = useState("");
  const [reason, setReason] = useState<StockChange["reason"]>("restock");
  const [note, setNote] = useState("");
  const [errors, setErrors] = useState<{ delta?: string; note?: string }>({});
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    deltaInput.current?.focus();
  }, []);

  const check = stockChangeCheck(delta, stock);
  const typed = /^[-+]?\d+$/.test(delta.trim()) ? Number(delta.trim()) : null;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setMessage(null);
    if (check.error !== undefined) {
      setErrors({ delta: check.error });
      deltaInput.current?.focus();
      return;
    }
    setErrors({});
    setBusy(true);
    try {
      onAdjusted(
        await adjustStock(productId, {
          delta: Number(delta.trim()),
          reason,
          note: note.trim() || null,
        }),
      );
    } catch (caught) {
      const error = toApiError(caught);
      if (error.code === "out_of_stock") {
        setErrors({ delta: `${error.message}. The stock shown was out of date and is now fresh.` });
        onStale();
      } else if (error.fieldErrors.delta ?? error.fieldErrors.note) {
        setErrors({ delta: error.fieldErrors.delta, note: error.fieldErrors.note });
      } else {
        setMessage(error.message);
      }
      setBusy(false);
    }
  };

  return (
    <form className="stock-form" noValidate onSubmit={(event) => void submit(event)}>
      <div className="field">
        <label htmlFor={deltaId}>Change</label>
        <input
          ref={deltaInput}
          id={deltaId}
          name="delta"
          type="number"
          inputMode="numeric"
          step={1}
          value={delta}
          aria-invalid={errors.delta ? true : undefined}
          aria-describedby={`${deltaId}-hint${errors.delta ? ` ${deltaId}-error` : ""}`}
          onChange={(event) => {
            setDelta(event.target.value);
            setErrors({});
          }}
        />
        <p className="field-hint" id={`${deltaId}-hint`}>
          How many to add; negative to take away (e.g. {MINUS}2).
        </p>
        {errors.delta && (
          <p className="field-error" id={`${deltaId}-error`}>
            {errors.delta}
          </p>
        )}
      </div>
      <p className="stock-result" aria-live="polite">
        <span className="muted">Stock: </span>
        {typed === null ? (
          <span>{stock}</span>
        ) : (
          <span className={stock + typed < 0 ? "stock-result-invalid" : undefined}>
            {stock} → {signed(stock + typed)}
            {stock + typed < 0 && " (below zero: not allowed)"}
          </span>
        )}
      </p>
      <div className="field">
        <label htmlFor={reasonId}>Reason</label>
        <select
          id={reasonId}
          name="reason"
          value={reason}
          onChange={(event) => {
            setReason(event.target.value as StockChange["reason"]);
          }}
        >
          <option value="restock">Restock (goods arrived)</option>
          <option value="adjustment">Adjustment (count, damage, loss)</option>
        </select>
      </div>
      <div className="field">
        <label htmlFor={noteId}>Note (optional)</label>
        <textarea
          id={noteId}
          name="note"
          rows={2}
          maxLength={NOTE_MAX}
          value={note}
          aria-invalid={errors.note ? true : undefined}
          aria-describedby={`${noteId}-count${errors.note ? ` ${noteId}-error` : ""}`}
          onChange={(event) => {
            setNote(event.target.value);
          }}
        />
        <p className="field-hint" id={`${noteId}-count`}>
          {note.length}/{NOTE_MAX} characters
        </p>
        {errors.note && (
          <p className="field-error" id={`${noteId}-error`}>
            {errors.note}
          </p>
        )}
      </div>
      <FormError message={message} />
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={busy}>
          {busy ? "Saving…" : "Save stock change"}
        </button>
        <button type="button" className="button button-secondary" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

/** Restock or correct a product's stock: never below zero, with a reason and a note. */
export function StockDialog({
  open,
  productId,
  stock,
  onClose,
  onAdjusted,
  onStale,
}: {
  open: boolean;
  productId: number;
  stock: number;
  onClose: () => void;
  onAdjusted: (movement: StockMovement) => void;
  onStale: () => void;
}) {
  return (
    <Dialog open={open} title="Adjust stock" onClose={onClose}>
      <StockChangeForm
        productId={productId}
        stock={stock}
        onAdjusted={onAdjusted}
        onStale={onStale}
        onCancel={onClose}
      />
    </Dialog>
  );
}
