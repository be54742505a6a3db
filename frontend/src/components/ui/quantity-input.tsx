import { useId } from "react";

/** A quantity from 1 to `max`, typed or stepped with − and + buttons. */
export function QuantityInput({
  value,
  max,
  onChange,
  label = "Quantity",
  disabled = false,
}: {
  value: number;
  max: number;
  onChange: (quantity: number) => void;
  label?: string;
  disabled?: boolean;
}) {
  const id = useId();
  const set = (quantity: number) => {
    if (Number.isFinite(quantity)) onChange(Math.max(1, Math.min(Math.floor(quantity), max)));
  };
  return (
    <div className="quantity">
      <label htmlFor={id} className="visually-hidden">
        {label}
      </label>
      <button
        type="button"
        className="button button-icon"
        aria-label={`Decrease ${label.toLowerCase()}`}
        onClick={() => {
          set(value - 1);
        }}
        disabled={disabled || value <= 1}
      >
        −
      </button>
      <input
        id={id}
        type="number"
        inputMode="numeric"
        min={1}
        max={max}
        value={value}
        disabled={disabled}
        onChange={(event) => {
          set(event.target.valueAsNumber);
        }}
      />
      <button
        type="button"
        className="button button-icon"
        aria-label={`Increase ${label.toLowerCase()}`}
        onClick={() => {
          set(value + 1);
        }}
        disabled={disabled || value >= max}
      >
        +
      </button>
    </div>
  );
}
