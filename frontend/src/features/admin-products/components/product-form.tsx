import { type FormEvent, type ReactNode, useId, useRef, useState } from "react";

import { FormError } from "@/components/ui/status";
import { TextField } from "@/components/ui/text-field";
import { Price, useShop } from "@/lib/shop";

import { type Product, useCategoryNames } from "@/features/admin-products/api/product";
import {
  CATEGORY_MAX,
  DESCRIPTION_MAX,
  EMPTY_VALUES,
  type FieldErrors,
  MAX_STOCK,
  NAME_MAX,
  priceError,
  type ProductValues,
  productErrors,
  productSubmitErrors,
  SKU_HINT,
  SKU_MAX,
  sameValues,
  valuesOf,
} from "@/features/admin-products/components/product-form-rules";
import { UnsavedChangesGuard } from "@/features/admin-products/components/product-form-guard";

import "@/features/admin-products/product-form.css";

/** Fields the user has not touched follow the product when it changes elsewhere (a restore). */
function follow(values: ProductValues, base: ProductValues, next: ProductValues): ProductValues {
  const merged = { ...values };
  for (const key of Object.keys(values) as (keyof ProductValues)[]) {
    if (values[key] === base[key]) (merged as Record<string, unknown>)[key] = next[key];
  }
  return merged;
}

function DescriptionField({
  value,
  error,
  onChange,
}: {
  value: string;
  error: string | undefined;
  onChange: (value: string) => void;
}) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>Description</label>
      <textarea
        id={id}
        name="description"
        rows={5}
        value={value}
        maxLength={DESCRIPTION_MAX}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        onChange={(event) => {
          onChange(event.target.value);
        }}
      />
      {error && (
        <p className="field-error" id={`${id}-error`}>
          {error}
        </p>
      )}
    </div>
  );
}

/**
 * A product's details, for a new product (with its initial stock) or an existing one (whose
 * stock changes through the stock dialog instead). Checks what the API checks before sending
 * and shows the API's own refusals beside their fields.
 */
export function ProductForm({
  product,
  submitLabel,
  onSubmit,
  children,
}: {
  /** The product being edited; none for a new one. */
  product?: Product;
  submitLabel: string;
  /** Saves the values; rejects with the API's error. */
  onSubmit: (values: ProductValues, base: ProductValues) => Promise<void>;
  /** More of the form (a new product's image). */
  children?: ReactNode;
}) {
  const isNew = product === undefined;
  const shop = useShop();
  const categories = useCategoryNames();
  const categoryListId = useId();
  const next = product ? valuesOf(product) : EMPTY_VALUES;
  const [base, setBase] = useState(next);
  const [values, setValues] = useState(next);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submitting = useRef(false);

  if (!sameValues(next, base)) {
    setBase(next);
    setValues(follow(values, base, next));
  }
  const dirty = !sameValues(values, base);

  const set = (field: keyof ProductValues) => (value: string | boolean) => {
    setValues((current) => ({ ...current, [field]: value }));
    if (field in errors) setErrors(({ [field as keyof FieldErrors]: _, ...rest }) => rest);
  };

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const found = productErrors(values, { withStock: isNew });
    setErrors(found);
    setMessage(null);
    if (Object.keys(found).length) {
      const first = Object.keys(found)[0];
      form.querySelector<HTMLElement>(`[name="${String(first)}"]`)?.focus();
      return;
    }
    setBusy(true);
    submitting.current = true;
    try {
      await onSubmit(values, base);
      setBase(values);
    } catch (caught) {
      const failure = productSubmitErrors(caught);
      setErrors(failure.fields);
      setMessage(failure.message);
    } finally {
      submitting.current = false;
      setBusy(false);
    }
  };

  const priceOk = values.price.trim() !== "" && priceError(values.price) === undefined;
  return (
    <form
      className="card-form product-form"
      aria-label="Product details"
      noValidate
      onSubmit={(event) => void submit(event)}
    >
      <TextField
        label="Name"
        name="name"
        value={values.name}
        error={errors.name}
        maxLength={NAME_MAX}
        required
        onChange={(event) => {
          set("name")(event.target.value);
        }}
      />
      <div className="product-form-row">
        <TextField
          label={`Price${shop ? ` (${shop.currency})` : ""}`}
          name="price"
          inputMode="decimal"
          autoComplete="off"
          value={values.price}
          error={errors.price}
          required
          hint="More than 0, at most two decimals."
          onChange={(event) => {
            set("price")(event.target.value);
          }}
        />
        {isNew && (
          <TextField
            label="Initial stock"
            name="stock"
            type="number"
            inputMode="numeric"
            min={0}
            max={MAX_STOCK}
            step={1}
            value={values.stock}
            error={errors.stock}
            onChange={(event) => {
              set("stock")(event.target.value);
            }}
          />
        )}
      </div>
      {priceOk && (
        <p className="muted product-form-price-preview">
          Shown in the shop as <Price amount={values.price.trim()} />
        </p>
      )}
      <div className="product-form-row">
        <TextField
          label="SKU"
          name="sku"
          autoComplete="off"
          spellCheck={false}
          value={values.sku}
          error={errors.sku}
          maxLength={SKU_MAX}
          hint={SKU_HINT}
          onChange={(event) => {
            set("sku")(event.target.value);
          }}
        />
        <TextField
          label="Category"
          name="category"
          autoComplete="off"
          list={categoryListId}
          value={values.category}
          error={errors.category}
          maxLength={CATEGORY_MAX}
          hint="Optional. Pick one in use or type a new one."
          onChange={(event) => {
            set("category")(event.target.value);
          }}
        />
        <datalist id={categoryListId}>
          {categories.map((name) => (
            <option key={name} value={name} />
          ))}
        </datalist>
      </div>
      <DescriptionField
        value={values.description}
        error={errors.description}
        onChange={set("description")}
      />
      <label className="toggle">
        <input
          type="checkbox"
          name="is_active"
          checked={values.isActive}
          onChange={(event) => {
            set("isActive")(event.target.checked);
          }}
        />
        For sale (shown in the shop)
      </label>
      {children}
      <FormError message={message} />
      <div className="form-actions">
        <button
          type="submit"
          className="button button-primary"
          disabled={busy || (!isNew && !dirty)}
        >
          {busy ? "Saving…" : submitLabel}
        </button>
        {!isNew && dirty && !busy && (
          <button
            type="button"
            className="button button-secondary"
            onClick={() => {
              setValues(base);
              setErrors({});
              setMessage(null);
            }}
          >
            Discard changes
          </button>
        )}
      </div>
      <UnsavedChangesGuard when={dirty && !busy} submitting={submitting} />
    </form>
  );
}
