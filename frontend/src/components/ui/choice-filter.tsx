/** A list filter choosing one of `choices`, or none ("" in the select, null to the caller). */
export function ChoiceFilter<T extends string>({
  id,
  label,
  anyLabel,
  choices,
  labels,
  value,
  onChange,
}: {
  id: string;
  label: string;
  /** The option for no choice: "All statuses", "Any", … */
  anyLabel: string;
  choices: readonly T[];
  /** How each choice reads; the value itself when left out. */
  labels?: Record<T, string>;
  value: T | null;
  onChange: (value: T | null) => void;
}) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        value={value ?? ""}
        onChange={(event) => {
          onChange((event.target.value || null) as T | null);
        }}
      >
        <option value="">{anyLabel}</option>
        {choices.map((choice) => (
          <option key={choice} value={choice}>
            {labels ? labels[choice] : choice}
          </option>
        ))}
      </select>
    </div>
  );
}
