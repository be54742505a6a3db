import { useId, useState } from "react";

import { ConfirmDialog } from "@/components/ui/dialog";
import { FormError } from "@/components/ui/status";
import { toApiError } from "@/lib/api-client";
import { useAuth } from "@/lib/auth";
import { useToast } from "@/lib/toast";

import {
  type AccessChange,
  changeAccess,
  type CustomerDetail,
} from "@/features/admin-customers/api/customers";

type Action = "deactivate" | "reactivate" | "promote" | "demote";

interface ActionText {
  button: string;
  title: (name: string) => string;
  body: (name: string) => string;
  confirm: string;
  destructive: boolean;
  change: AccessChange;
  done: (name: string) => string;
  failed: string;
}

const ACTIONS: Record<Action, ActionText> = {
  deactivate: {
    button: "Deactivate",
    title: (name) => `Deactivate ${name}?`,
    body: (name) =>
      `${name} is logged out at once and cannot log in until the account is reactivated. ` +
      "Their orders and reviews stay as they are.",
    confirm: "Deactivate account",
    destructive: true,
    change: { is_active: false },
    done: (name) => `${name} was deactivated.`,
    failed: "The account could not be deactivated",
  },
  reactivate: {
    button: "Reactivate",
    title: (name) => `Reactivate ${name}?`,
    body: (name) => `${name} can log in again with their password.`,
    confirm: "Reactivate account",
    destructive: false,
    change: { is_active: true },
    done: (name) => `${name} was reactivated.`,
    failed: "The account could not be reactivated",
  },
  promote: {
    button: "Make administrator",
    title: (name) => `Make ${name} an administrator?`,
    body: (name) =>
      `${name} can then open this console and change products, orders and every account, ` +
      "other administrators included.",
    confirm: "Make administrator",
    destructive: true,
    change: { role: "admin" },
    done: (name) => `${name} is now an administrator.`,
    failed: "The role could not be changed",
  },
  demote: {
    button: "Make customer",
    title: (name) => `Make ${name} a customer?`,
    body: (name) =>
      `${name} can no longer open this console. The account and its orders stay as they are.`,
    confirm: "Make customer",
    destructive: true,
    change: { role: "customer" },
    done: (name) => `${name} is now a customer.`,
    failed: "The role could not be changed",
  },
};

/** Deactivate or reactivate the account, promote or demote it; never one's own. */
export function AccessActions({
  customer,
  onChanged,
}: {
  customer: CustomerDetail;
  onChanged: () => void;
}) {
  const { user } = useAuth();
  const { notify } = useToast();
  const noteId = useId();
  const [action, setAction] = useState<Action | null>(null);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const isSelf = user?.id === customer.id;
  const shown: Action[] = [
    customer.is_active ? "deactivate" : "reactivate",
    customer.role === "admin" ? "demote" : "promote",
  ];
  const open = action ? ACTIONS[action] : null;

  const apply = async (chosen: Action) => {
    const text = ACTIONS[chosen];
    setBusy(true);
    setFailure(null);
    try {
      await changeAccess(customer.id, text.change);
      notify(text.done(customer.username));
      onChanged();
    } catch (caught) {
      const message = `${text.failed}: ${toApiError(caught).message}`;
      setFailure(message);
      notify(message, "error");
    } finally {
      setBusy(false);
      setAction(null);
    }
  };

  return (
    <section className="card customer-access" aria-labelledby={`${noteId}-heading`}>
      <h2 id={`${noteId}-heading`}>Access</h2>
      <div className="customer-access-buttons">
        {shown.map((name) => (
          <button
            key={name}
            type="button"
            className={ACTIONS[name].destructive ? "button button-danger-outline" : "button"}
            disabled={isSelf}
            aria-describedby={isSelf ? noteId : undefined}
            onClick={() => {
              setFailure(null);
              setAction(name);
            }}
          >
            {ACTIONS[name].button}
          </button>
        ))}
      </div>
      {isSelf && (
        <p id={noteId} className="field-hint">
          This is your own account: you cannot deactivate it or change its role. Another
          administrator can.
        </p>
      )}
      <FormError message={failure} />
      <ConfirmDialog
        open={open !== null}
        title={open?.title(customer.username) ?? ""}
        confirmLabel={open?.confirm ?? ""}
        destructive={open?.destructive ?? false}
        busy={busy}
        onConfirm={() => {
          if (action) void apply(action);
        }}
        onCancel={() => {
          setAction(null);
        }}
      >
        <p>{open?.body(customer.username)}</p>
      </ConfirmDialog>
    </section>
  );
}
