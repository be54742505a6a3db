/** The API's rules for accounts (users/schemas.py), checked before a form is sent. */
import { toApiError } from "@/lib/api-client";

export const USERNAME_MIN = 3;
export const USERNAME_MAX = 50;
export const PASSWORD_MIN_CHARS = 8;
export const PASSWORD_MAX_BYTES = 72;

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

export function passwordError(password: string): string | undefined {
  if (password.length < PASSWORD_MIN_CHARS) {
    return `Use at least ${PASSWORD_MIN_CHARS} characters.`;
  }
  if (new TextEncoder().encode(password).length > PASSWORD_MAX_BYTES) {
    return `Use at most ${PASSWORD_MAX_BYTES} bytes (fewer characters with accents or emoji).`;
  }
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
  return fields;
}

/** A failed account form: messages for its fields, or one for the whole form. */
export function submitErrors(caught: unknown): {
  fields: Record<string, string>;
  message: string | null;
} {
  const error = toApiError(caught);
  const fields = apiFieldErrors(error.code, error.message, error.fieldErrors);
  return { fields, message: Object.keys(fields).length ? null : error.message };
}
