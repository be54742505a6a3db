/** The API's rules for accounts (users/schemas.py), checked before a form is sent. */
import { toApiError } from "@/lib/api-client";

export const USERNAME_MIN = 3;
export const USERNAME_MAX = 50;
export const PASSWORD_MIN_CHARS = 8;
export const PASSWORD_MAX_BYTES = 72;
export const PASSWORD_HINT = `At least ${PASSWORD_MIN_CHARS} characters; not a common password, nor your email or username.`;

const USERNAME = /^[A-Za-z0-9_.-]+$/;
// What the API accepts is decided by the API; this only catches obvious typos.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function emailError(email: string): string | undefined {
  if (!email.trim()) return "Enter your email address.";
  if (!EMAIL.test(email.trim())) return "Enter an email address like name@example.com.";
  return undefined;
}

export function usernameError(username: string): string | undefined {
  if (username.length < USERNAME_MIN || username.length > USERNAME_MAX) {
    return `Use ${USERNAME_MIN} to ${USERNAME_MAX} characters.`;
  }
  if (!USERNAME.test(username)) return "Use only letters, digits and . _ -";
  return undefined;
}

export const PASSWORD_LIKE_ACCOUNT = "The password must not be your email address or username.";

/** Whether the password is the email, its local part or the username, as the API judges it. */
export function resemblesAccount(
  password: string,
  { email, username }: { email: string; username: string },
): boolean {
  const candidate = password.trim().toLowerCase();
  const address = email.trim().toLowerCase();
  const localPart = address.split("@")[0] ?? "";
  return [address, localPart, username.toLowerCase()].includes(candidate);
}

/** The password's problem, if any; with the `account`, also one the API refuses as too easy. */
export function passwordError(
  password: string,
  account?: { email: string; username: string },
): string | undefined {
  if (password.length < PASSWORD_MIN_CHARS) {
    return `Use at least ${PASSWORD_MIN_CHARS} characters.`;
  }
  if (new TextEncoder().encode(password).length > PASSWORD_MAX_BYTES) {
    return `Use at most ${PASSWORD_MAX_BYTES} bytes (fewer characters with accents or emoji).`;
  }
  if (account && resemblesAccount(password, account)) return PASSWORD_LIKE_ACCOUNT;
  return undefined;
}

/** Field messages from an API error: its validation errors and its conflict codes. */
export function apiFieldErrors(
  code: string,
  message: string,
  fields: Record<string, string>,
): Record<string, string> {
  if (code === "email_taken") return { email: message };
  if (code === "username_taken") return { username: message };
  if (code === "wrong_current_password") return { current_password: message };
  if (code === "password_like_account") return { new_password: message };
  return fields;
}

/** A failed account form: messages for its fields, or one for the whole form. */
export function submitErrors(caught: unknown): {
  fields: Record<string, string>;
  message: string | null;
} {
  const error = toApiError(caught);
  // A message about the request as a whole (its `loc` is just "body") belongs to the form.
  const { body: whole, ...fields } = apiFieldErrors(error.code, error.message, error.fieldErrors);
  if (Object.keys(fields).length) return { fields, message: null };
  return { fields, message: whole ?? error.message };
}
