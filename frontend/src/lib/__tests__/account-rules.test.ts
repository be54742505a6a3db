import {
  apiFieldErrors,
  emailError,
  passwordError,
  resemblesAccount,
  submitErrors,
  usernameError,
} from "@/lib/account-rules";
import { ApiError } from "@/lib/api-client";

test("a username is 3 to 50 letters, digits, dots, dashes or underscores", () => {
  for (const ok of ["abc", "carla_doe", "C.D-E", "agent007", "x".repeat(50)]) {
    expect(usernameError(ok)).toBeUndefined();
  }
  expect(usernameError("ab")).toBe("Use 3 to 50 characters.");
  expect(usernameError("x".repeat(51))).toBe("Use 3 to 50 characters.");
  expect(usernameError("carla doe")).toBe("Use only letters, digits and . _ -");
  expect(usernameError("carla@home")).toBe("Use only letters, digits and . _ -");
  expect(usernameError("jürgen")).toBe("Use only letters, digits and . _ -");
});

test("a password has at least 8 characters and at most 72 bytes", () => {
  expect(passwordError("1234567")).toBe("Use at least 8 characters.");
  expect(passwordError("12345678")).toBeUndefined();
  expect(passwordError("a".repeat(72))).toBeUndefined();
  expect(passwordError("a".repeat(73))).toMatch(/^Use at most 72 bytes/);
  // 36 characters, but 72 bytes in UTF-8: still fine; one more is too many.
  expect(passwordError("é".repeat(36))).toBeUndefined();
  expect(passwordError("é".repeat(37))).toMatch(/^Use at most 72 bytes/);
});

test("an email needs a name, an @ and a domain", () => {
  expect(emailError("")).toBe("Enter your email address.");
  expect(emailError("   ")).toBe("Enter your email address.");
  expect(emailError("carla")).toBe("Enter an email address like name@example.com.");
  expect(emailError("carla@example")).toBe("Enter an email address like name@example.com.");
  expect(emailError("car la@example.com")).toBe("Enter an email address like name@example.com.");
  expect(emailError(" carla@example.com ")).toBeUndefined();
});

test("the API's conflicts are put on the field they concern", () => {
  expect(apiFieldErrors("email_taken", "Taken", {})).toEqual({ email: "Taken" });
  expect(apiFieldErrors("username_taken", "Taken", {})).toEqual({ username: "Taken" });
  expect(apiFieldErrors("wrong_current_password", "Wrong", {})).toEqual({
    current_password: "Wrong",
  });
  expect(apiFieldErrors("validation_error", "Invalid", { email: "Bad" })).toEqual({
    email: "Bad",
  });
  expect(apiFieldErrors("internal_error", "Oops", {})).toEqual({});
  expect(apiFieldErrors("password_like_account", "Like", {})).toEqual({ new_password: "Like" });
});

test("a password may not be the account's email, the email's name or the username", () => {
  const account = { email: " Carla.Doe@Example.com", username: "carla_d" };
  for (const same of ["carla.doe@example.com", "CARLA.DOE", " carla_d ", "Carla_D"]) {
    expect(resemblesAccount(same, account)).toBe(true);
  }
  for (const other of ["carla.doe1", "example.com", "carla_d2", ""]) {
    expect(resemblesAccount(other, account)).toBe(false);
  }
  expect(passwordError("CARLA.DOE", account)).toBe(
    "The password must not be your email address or username.",
  );
  expect(passwordError("CARLA.DOE")).toBeUndefined(); // without the account: not checked
  expect(passwordError("carla", account)).toBe("Use at least 8 characters.");
});

test("a failed submission: field messages, else one for the form", () => {
  const invalid = (loc: (string | number)[], msg: string) =>
    new ApiError(422, "validation_error", `Invalid: ${msg}`, {
      detail: `Invalid: ${msg}`,
      code: "validation_error",
      errors: [{ loc, msg, type: "value_error" }],
    });
  expect(submitErrors(invalid(["body", "password"], "Too common"))).toEqual({
    fields: { password: "Too common" },
    message: null,
  });
  // A message about the request as a whole is the form's, in the API's words.
  expect(submitErrors(invalid(["body"], "Not your name"))).toEqual({
    fields: {},
    message: "Not your name",
  });
  expect(submitErrors(new ApiError(500, "internal_error", "Oops"))).toEqual({
    fields: {},
    message: "Oops",
  });
});
