import { type FormEvent, useState } from "react";
import { Link, useNavigate, useSearchParams } from "react-router";

import { FormError } from "@/components/ui/status";
import { TextField } from "@/components/ui/text-field";
import { paths, safeNext } from "@/config/paths";
import { toApiError } from "@/lib/api-client";
import { useAuth } from "@/lib/auth";
import { useTitle } from "@/lib/title";

export function LoginForm() {
  useTitle("Log in");
  const { login } = useAuth();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const next = safeNext(params.get("next"));
  const [identifier, setIdentifier] = useState("");
  const [password, setPassword] = useState("");
  const [errors, setErrors] = useState<{ identifier?: string; password?: string }>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const found = {
      identifier: identifier.trim() ? undefined : "Enter your email or username.",
      password: password ? undefined : "Enter your password.",
    };
    setErrors(found);
    if (found.identifier || found.password) return;
    setBusy(true);
    setError(null);
    try {
      await login(identifier.trim(), password);
      void navigate(next, { replace: true });
    } catch (caught) {
      setError(toApiError(caught).message);
      setBusy(false);
    }
  };

  return (
    <div className="auth-page">
      <h1>Log in</h1>
      <form className="auth-form" onSubmit={(event) => void submit(event)} noValidate>
        <TextField
          label="Email or username"
          name="username"
          autoComplete="username"
          value={identifier}
          error={errors.identifier}
          maxLength={320}
          onChange={(event) => {
            setIdentifier(event.target.value);
          }}
        />
        <TextField
          label="Password"
          name="password"
          type="password"
          autoComplete="current-password"
          value={password}
          error={errors.password}
          maxLength={1024}
          onChange={(event) => {
            setPassword(event.target.value);
          }}
        />
        <FormError message={error} />
        <button type="submit" className="button button-primary button-large" disabled={busy}>
          {busy ? "Logging in…" : "Log in"}
        </button>
      </form>
      <p>
        New here? <Link to={paths.register(next)}>Create an account</Link>
      </p>
    </div>
  );
}
