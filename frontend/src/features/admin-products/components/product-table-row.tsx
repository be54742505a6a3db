import { type KeyboardEvent, useId } from "react";
import { Link } from "react-router";

import { ProductImage } from "@/components/ui/product-image";
import { paths } from "@/config/paths";
import { DateTime, Price } from "@/lib/shop";

import { type AdminProduct, LOW_STOCK_MAX } from "@/features/admin-products/api/list-products";
import {
  cellValue,
  type EditField,
  isChanged,
} from "@/features/admin-products/components/bulk-edit-rules";
import type { InlineEdit } from "@/features/admin-products/hooks/use-inline-edit";

export function StockPill({ stock }: { stock: number }) {
  if (stock <= 0) return <span className="pill pill-danger">Out of stock</span>;
  if (stock <= LOW_STOCK_MAX) return <span className="pill pill-warning">Low</span>;
  return null;
}

export function StatusPill({ active }: { active: boolean }) {
  return active ? (
    <span className="pill pill-success">For sale</span>
  ) : (
    <span className="pill pill-danger">Deleted</span>
  );
}

/** The next input of the same column, up or down (Enter, Shift+Enter, the arrow keys). */
function moveFocus(from: HTMLInputElement, step: 1 | -1): boolean {
  const column = from.dataset.column ?? "";
  const inputs = [
    ...(from
      .closest("table")
      ?.querySelectorAll<HTMLInputElement>(`input[data-column="${column}"]`) ?? []),
  ];
  const next = inputs[inputs.indexOf(from) + step];
  if (!next) return false;
  next.focus();
  next.select();
  return true;
}

const FIELD_LABELS: Record<EditField, string> = { price: "Price", stock: "Stock" };

function EditCell({
  product,
  field,
  edit,
  onEnterPastEnd,
}: {
  product: AdminProduct;
  field: EditField;
  edit: InlineEdit;
  onEnterPastEnd: () => void;
}) {
  const id = useId();
  const draft = edit.drafts[product.id];
  const changed = isChanged(product, draft, field);
  const error = edit.errorFor(product, field);
  const described = [changed ? `${id}-was` : null, error ? `${id}-error` : null]
    .filter(Boolean)
    .join(" ");

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    const input = event.currentTarget;
    if (event.key === "Enter" || event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      const step = event.key === "ArrowUp" || (event.key === "Enter" && event.shiftKey) ? -1 : 1;
      if (!moveFocus(input, step) && step === 1 && event.key === "Enter") onEnterPastEnd();
    } else if (event.key === "Escape") {
      event.preventDefault();
      edit.revert(product.id, field);
    }
  };

  return (
    <div className={changed ? "edit-cell edit-cell-changed" : "edit-cell"}>
      <input
        type="text"
        className="edit-input"
        inputMode={field === "price" ? "decimal" : "numeric"}
        autoComplete="off"
        aria-label={`${FIELD_LABELS[field]} of ${product.name}`}
        aria-invalid={error ? true : undefined}
        aria-describedby={described || undefined}
        data-column={field}
        data-cell={`${product.id}:${field}`}
        value={cellValue(product, draft, field)}
        onChange={(event) => {
          edit.change(product.id, field, event.target.value);
        }}
        onBlur={() => {
          edit.blur(product.id, field);
        }}
        onKeyDown={onKeyDown}
      />
      {changed && (
        <span className="cell-was" id={`${id}-was`}>
          was{" "}
          {field === "price" ? (
            <Price amount={product.price} className="cell-was-amount" />
          ) : (
            product.stock
          )}
        </span>
      )}
      {error && (
        <span className="cell-error" id={`${id}-error`}>
          {error}
        </span>
      )}
    </div>
  );
}

export function ProductRow({
  product,
  selected,
  onSelect,
  edit,
  selectionDisabled,
  onEnterPastEnd,
}: {
  product: AdminProduct;
  selected: boolean;
  onSelect: (productId: number, selected: boolean) => void;
  /** Set while this row's price and stock are being edited. */
  edit: InlineEdit | null;
  selectionDisabled: boolean;
  onEnterPastEnd: () => void;
}) {
  const rowError = edit?.rowError(product.id);
  const rowClass = [selected ? "selected" : "", edit ? "editing" : ""].filter(Boolean).join(" ");
  return (
    <tr className={rowClass || undefined}>
      <td className="col-select">
        <input
          type="checkbox"
          aria-label={`Select ${product.name}`}
          checked={selected}
          disabled={selectionDisabled}
          onChange={(event) => {
            onSelect(product.id, event.target.checked);
          }}
        />
      </td>
      <td className="col-image">
        <ProductImage src={product.thumbnail_url} alt="" size={40} />
      </td>
      <td className="col-name">
        <Link to={paths.adminProduct(product.id)} tabIndex={edit ? -1 : undefined}>
          {product.name}
        </Link>
        {rowError && <span className="cell-error">{rowError}</span>}
      </td>
      <td className="col-sku">{product.sku ?? <span className="muted">—</span>}</td>
      <td>{product.category ?? <span className="muted">—</span>}</td>
      <td className="numeric">
        {edit ? (
          <EditCell product={product} field="price" edit={edit} onEnterPastEnd={onEnterPastEnd} />
        ) : (
          <Price amount={product.price} />
        )}
      </td>
      <td className="numeric">
        {edit ? (
          <EditCell product={product} field="stock" edit={edit} onEnterPastEnd={onEnterPastEnd} />
        ) : (
          <span className="stock-cell">
            {product.stock} <StockPill stock={product.stock} />
          </span>
        )}
      </td>
      <td>
        <StatusPill active={product.is_active} />
      </td>
      <td className="col-updated">
        <DateTime iso={product.updated_at} />
      </td>
    </tr>
  );
}
