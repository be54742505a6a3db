import { type FormEvent, useId, useRef, useState } from "react";

import { FormError } from "@/components/ui/status";
import { type ApiError, type Page, toApiError } from "@/lib/api-client";

import { type Account, findAccounts, useAccount } from "@/features/admin-orders/api/orders";

/** The customer the list is narrowed to, as a chip that removes the filter. */
function CustomerChip({ userId, onRemove }: { userId: number; onRemove: () => void }) {
  const account = useAccount(userId);
  const name = account.data
    ? `${account.data.username} (${account.data.email})`
    : account.error?.status === 404
      ? `Customer #${userId} (no such account)`
      : `Customer #${userId}`;
  return (
    <div className="field order-customer-field">
      <span className="order-filter-label" id={`customer-chip-${userId}`}>
        Customer
      </span>
      <span className="order-chip" role="group" aria-labelledby={`customer-chip-${userId}`}>
        <span className="order-chip-name">{name}</span>
        <button
          type="button"
          className="button-icon order-chip-remove"
          aria-label={`Remove the customer filter (${name})`}
          onClick={onRemove}
        >
          <span aria-hidden="true">×</span>
        </button>
      </span>
    </div>
  );
}

/** Find a customer by email or username, and narrow the list to their orders. */
function CustomerSearch({ onChoose }: { onChoose: (userId: number) => void }) {
  const id = useId();
  const [term, setTerm] = useState("");
  const [searching, setSearching] = useState(false);
  const [found, setFound] = useState<{ term: string; page: Page<Account> } | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const pending = useRef<AbortController | null>(null);

  const search = async (event: FormEvent) => {
    event.preventDefault();
    const wanted = term.trim();
    if (!wanted) return;
    pending.current?.abort();
    const controller = new AbortController();
    pending.current = controller;
    setSearching(true);
    setError(null);
    try {
      setFound({ term: wanted, page: await findAccounts(wanted, controller.signal) });
    } catch (caught) {
      if (!controller.signal.aborted) setError(toApiError(caught));
    } finally {
      if (!controller.signal.aborted) setSearching(false);
    }
  };

  return (
    <div className="order-customer-search">
      <form role="search" aria-label="Find a customer" onSubmit={(event) => void search(event)}>
        <div className="field">
          <label htmlFor={id}>Customer</label>
          <div className="order-search-row">
            <input
              id={id}
              type="search"
              name="customer"
              placeholder="Email or username"
              value={term}
              onChange={(event) => {
                setTerm(event.target.value);
              }}
            />
            <button type="submit" className="button" disabled={searching}>
              {searching ? "Finding…" : "Find"}
            </button>
          </div>
        </div>
      </form>
      <FormError message={error?.message} />
      {found && (
        <div className="order-search-results">
          {found.page.items.length === 0 ? (
            <p className="muted" role="status">
              No account matches “{found.term}”.
            </p>
          ) : (
            <ul aria-label={`Accounts matching ${found.term}`}>
              {found.page.items.map((account) => (
                <li key={account.id}>
                  <button
                    type="button"
                    className="link-button"
                    onClick={() => {
                      onChoose(account.id);
                    }}
                  >
                    {account.username} <span className="muted">({account.email})</span>
                  </button>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}

export function CustomerFilter({
  userId,
  onChange,
}: {
  userId: number | null;
  onChange: (userId: number | null) => void;
}) {
  if (userId !== null) {
    return (
      <CustomerChip
        userId={userId}
        onRemove={() => {
          onChange(null);
        }}
      />
    );
  }
  return <CustomerSearch onChoose={onChange} />;
}
