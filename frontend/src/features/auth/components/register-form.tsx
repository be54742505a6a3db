import { type FormEvent, useState } from "react";
import { Link, useNavigate, useSearchParams } from "react-router";

import { FormError } from "@/components/ui/status";
import { TextField } from "@/components/ui/text-field";
import { paths, safeNext } from "@/config/paths";
import {
  submitErrors,
  emailError,
  PASSWORD_HINT,
  passwordError,
  usernameError,
} from "@/lib/account-rules";
import { useAuth } from "@/lib/auth";
import { useTitle } from "@/lib/title";

type Field = "email" | "username" | "password" | "confirm";

export function RegisterForm() {
  useTitle("Create an account");
  const { register } = useAuth();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const next = safeNext(params.get("next"));
  const [values, setValues] = useState<Record<Field, string>>({
    email: "",
    username: "",
    password: "",
    confirm: "",
  });
  const [errors, setErrors] = useState<Partial<Record<string, string>>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const set = (field: Field) => (event: { target: { value: string } }) => {
    setValues({ ...values, [field]: event.target.value });
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const found = {
      email: emailError(values.email),
      username: usernameError(values.username),
      password: passwordError(values.password, values),
      confirm: values.confirm === values.password ? undefined : "The passwords do not match.",
    };
    setErrors(found);
    if (Object.values(found).some(Boolean)) return;
    setBusy(true);
    setError(null);
    try {
      await register({
        email: values.email.trim(),
        username: values.username,
        password: values.password,
      });
      void navigate(next, { replace: true });
    } catch (caught) {
      const { fields, message } = submitErrors(caught);
      setErrors(fields);
      setError(message);
      setBusy(false);
    }
  };

  return (
    <div className="auth-page">
      <h1>Create an account</h1>
      <form className="auth-form" onSubmit={(event) => void submit(event)} noValidate>
        <TextField
          label="Email"
          name="email"
          type="email"
          autoComplete="email"
          value={values.email}
          error={errors.email}
          onChange={set("email")}
        />
        <TextField
          label="Username"
          name="username"
          autoComplete="username"
          hint="3 to 50 letters, digits, dots, dashes or underscores. Shown with your reviews."
          value={values.username}
          error={errors.username}
          maxLength={50}
          onChange={set("username")}
        />
        <TextField
          label="Password"
          name="password"
          type="password"
          autoComplete="new-password"
          hint={PASSWORD_HINT}
          value={values.password}
          error={errors.password}
          onChange={set("password")}
        />
        <TextField
          label="Repeat password"
          name="confirm"
          type="password"
          autoComplete="new-password"
          value={values.confirm}
          error={errors.confirm}
          onChange={set("confirm")}
        />
        <FormError message={error} />
        <button type="submit" className="button button-primary button-large" disabled={busy}>
          {busy ? "Creating your account…" : "Create account"}
        </button>
      </form>
      <p>
        Already have an account? <Link to={paths.login(next)}>Log in</Link>
      </p>
    </div>
  );
}
