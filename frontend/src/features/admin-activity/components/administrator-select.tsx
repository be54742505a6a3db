import { useAdministrators } from "@/features/admin-activity/api/audit";

/** Whose actions to show: every administrator account, or all of them. */
export function AdministratorSelect({
  id,
  value,
  onChange,
}: {
  id: string;
  value: number | null;
  onChange: (actor: number | null) => void;
}) {
  const administrators = useAdministrators();
  const accounts = administrators.data?.items ?? [];
  // An account that is no longer an administrator still has its records.
  const unlisted = value !== null && !accounts.some((account) => account.id === value);
  const errorId = `${id}-error`;

  return (
    <div className="field activity-actor">
      <label htmlFor={id}>Administrator</label>
      <select
        id={id}
        value={value ?? ""}
        aria-describedby={administrators.error ? errorId : undefined}
        onChange={(event) => {
          onChange(event.target.value ? Number(event.target.value) : null);
        }}
      >
        <option value="">All administrators</option>
        {accounts.map((account) => (
          <option key={account.id} value={account.id}>
            {account.email}
          </option>
        ))}
        {unlisted && <option value={value}>Account #{value}</option>}
      </select>
      {administrators.error && (
        <p className="field-error" id={errorId}>
          The list of administrators could not be loaded.{" "}
          <button type="button" className="link-button" onClick={administrators.reload}>
            Try again
          </button>
        </p>
      )}
    </div>
  );
}
