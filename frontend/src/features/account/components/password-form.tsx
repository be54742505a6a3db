import { type FormEvent, useState } from "react";

import { FormError } from "@/components/ui/status";
import { TextField } from "@/components/ui/text-field";
import { submitErrors, PASSWORD_HINT, passwordError } from "@/lib/account-rules";
import { useAuth } from "@/lib/auth";
import { invalidate } from "@/lib/use-query";

import { changePassword } from "@/features/account/api/account";
import { SESSIONS_KEY } from "@/features/account/api/sessions";

const EMPTY = { current: "", next: "", confirm: "" };

export function PasswordForm() {
  const { user, acceptTokens } = useAuth();
  const [values, setValues] = useState(EMPTY);
  const [errors, setErrors] = useState<Partial<Record<string, string>>>({});
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSaved(false);
    const found = {
      current_password: values.current ? undefined : "Enter your current password.",
      new_password: passwordError(values.next, user ?? undefined),
      confirm: values.confirm === values.next ? undefined : "The passwords do not match.",
    };
    setErrors(found);
    if (Object.values(found).some(Boolean)) return;
    setBusy(true);
    setError(null);
    try {
      acceptTokens(
        await changePassword({ current_password: values.current, new_password: values.next }),
      );
      invalidate(SESSIONS_KEY); // every other device was logged out
      setValues(EMPTY);
      setSaved(true);
    } catch (caught) {
      const { fields, message } = submitErrors(caught);
      setErrors(fields);
      setError(message);
    } finally {
      setBusy(false);
    }
  };

  const field = (name: keyof typeof EMPTY) => ({
    value: values[name],
    onChange: (event: { target: { value: string } }) => {
      setValues({ ...values, [name]: event.target.value });
    },
  });

  return (
    <form className="card-form" onSubmit={(event) => void submit(event)} noValidate>
      <h2>Password</h2>
      <TextField
        label="Current password"
        name="current_password"
        type="password"
        autoComplete="current-password"
        error={errors.current_password}
        {...field("current")}
      />
      <TextField
        label="New password"
        name="new_password"
        type="password"
        autoComplete="new-password"
        hint={`${PASSWORD_HINT} Other devices are logged out.`}
        error={errors.new_password}
        {...field("next")}
      />
      <TextField
        label="Repeat new password"
        name="confirm"
        type="password"
        autoComplete="new-password"
        error={errors.confirm}
        {...field("confirm")}
      />
      <FormError message={error} />
      <p role="status" className="form-success">
        {saved ? "Your password was changed." : ""}
      </p>
      <button type="submit" className="button button-primary" disabled={busy}>
        Change password
      </button>
    </form>
  );
}
