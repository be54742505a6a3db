import { useId, useState } from "react";

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
  // What is typed while it is not a number yet (the field emptied to type another): shown
  // as typed instead of snapping back, so the next digit is not appended to the old value.
  const [typing, setTyping] = useState<string | null>(null);
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
        value={typing ?? value}
        disabled={disabled}
        onChange={(event) => {
          const quantity = event.target.valueAsNumber;
          setTyping(Number.isFinite(quantity) ? null : event.target.value);
          set(quantity);
        }}
        onBlur={() => {
          setTyping(null);
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
