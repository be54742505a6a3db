import { type FormEvent, useState } from "react";

import { FormError } from "@/components/ui/status";
import { TextField } from "@/components/ui/text-field";
import { submitErrors, emailError, usernameError } from "@/lib/account-rules";
import { type User, useAuth } from "@/lib/auth";

import { updateProfile } from "@/features/account/api/account";

export function ProfileForm({ user }: { user: User }) {
  const { updateUser } = useAuth();
  const [email, setEmail] = useState(user.email);
  const [username, setUsername] = useState(user.username);
  const [errors, setErrors] = useState<Partial<Record<string, string>>>({});
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  const changed = email.trim() !== user.email || username !== user.username;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSaved(false);
    const found = { email: emailError(email), username: usernameError(username) };
    setErrors(found);
    if (found.email || found.username) return;
    setBusy(true);
    setError(null);
    try {
      updateUser(
        await updateProfile({
          email: email.trim() === user.email ? undefined : email.trim(),
          username: username === user.username ? undefined : username,
        }),
      );
      setSaved(true);
    } catch (caught) {
      const { fields, message } = submitErrors(caught);
      setErrors(fields);
      setError(message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="card-form" onSubmit={(event) => void submit(event)} noValidate>
      <h2>Profile</h2>
      <TextField
        label="Username"
        name="username"
        autoComplete="username"
        value={username}
        error={errors.username}
        maxLength={50}
        onChange={(event) => {
          setUsername(event.target.value);
          setSaved(false);
        }}
      />
      <TextField
        label="Email"
        name="email"
        type="email"
        autoComplete="email"
        value={email}
        error={errors.email}
        onChange={(event) => {
          setEmail(event.target.value);
          setSaved(false);
        }}
      />
      <FormError message={error} />
      <p role="status" className="form-success">
        {saved ? "Your profile was saved." : ""}
      </p>
      <button type="submit" className="button button-primary" disabled={busy || !changed}>
        Save profile
      </button>
    </form>
  );
}
