import { waitFor, within } from "@testing-library/react";
import type { UserEvent } from "@testing-library/user-event";

import { http } from "@/testing/http";
import { server } from "@/testing/setup-tests";
import { backend, error, requestsTo } from "@/testing/shop-backend";
import { aGate, renderApp, screen } from "@/testing/test-utils";

async function openRegister(url = "/register") {
  const view = renderApp(url);
  await screen.findByRole("heading", { name: "Create an account" });
  return view;
}

interface Form {
  email: string;
  username: string;
  password: string;
  confirm?: string;
}

async function register(user: UserEvent, form: Form) {
  const fields: [string, string][] = [
    ["Email", form.email],
    ["Username", form.username],
    ["Password", form.password],
    ["Repeat password", form.confirm ?? form.password],
  ];
  for (const [label, value] of fields) {
    const field = screen.getByLabelText<HTMLInputElement>(label);
    if (field.value) await user.clear(field);
    if (value) {
      await user.click(field);
      await user.paste(value);
    }
  }
  await user.click(screen.getByRole("button", { name: "Create account" }));
}

const ada: Form = { email: "ada@example.com", username: "ada_l", password: "analytical-engine" };

test("what the shop would refuse is caught before sending", async () => {
  const { user } = await openRegister();
  await register(user, { email: "ada", username: "ab", password: "short", confirm: "other" });

  expect(screen.getByLabelText("Email")).toHaveAccessibleDescription(
    "Enter an email address like name@example.com.",
  );
  expect(screen.getByLabelText("Username")).toHaveAccessibleDescription(
    /Use 3 to 50 characters\.$/,
  );
  expect(screen.getByLabelText("Password")).toHaveAccessibleDescription(
    /Use at least 8 characters\.$/,
  );
  expect(screen.getByLabelText("Repeat password")).toHaveAccessibleDescription(
    "The passwords do not match.",
  );
  expect(requestsTo("POST", "/auth/register")).toEqual([]);
  await waitFor(() => {
    expect(document.title).toBe("Create an account · Test Shop");
  });
});

test("a username of other characters, an empty email and a password too long in bytes", async () => {
  const { user } = await openRegister();
  await register(user, { email: "", username: "ada lovelace", password: "é".repeat(37) });

  expect(screen.getByLabelText("Email")).toHaveAccessibleDescription("Enter your email address.");
  expect(screen.getByLabelText("Username")).toHaveAccessibleDescription(
    /Use only letters, digits and \. _ -$/,
  );
  expect(screen.getByLabelText("Password")).toHaveAccessibleDescription(
    /Use at most 72 bytes \(fewer characters with accents or emoji\)\.$/,
  );
  expect(requestsTo("POST", "/auth/register")).toEqual([]);
});

test("the hints say the rules", async () => {
  await openRegister();
  expect(screen.getByLabelText("Username")).toHaveAccessibleDescription(
    "3 to 50 letters, digits, dots, dashes or underscores. Shown with your reviews.",
  );
  expect(screen.getByLabelText("Username")).toHaveAttribute("maxlength", "50");
  expect(screen.getByLabelText("Password")).toHaveAccessibleDescription(
    "At least 8 characters; not a common password, nor your email or username.",
  );
});

test.each([
  ["the email", "Ada.Lovelace@Example.com"],
  ["the email's name", "ADA.LOVELACE"],
  ["the username", " Countess_Ada "],
])("a password that is %s is refused beside the field, before sending", async (_, password) => {
  const { user } = await openRegister();
  await register(user, {
    email: "ada.lovelace@example.com",
    username: "countess_ada",
    password,
  });
  const field = screen.getByLabelText("Password");
  expect(field).toBeInvalid();
  expect(field).toHaveAccessibleDescription(
    /The password must not be your email address or username\.$/,
  );
  expect(requestsTo("POST", "/auth/register")).toEqual([]);
});

test("a new account is created and logged in, then back where the visitor was going", async () => {
  const { router, user } = await openRegister("/register?next=%2Fcart");
  const main = screen.getByRole("main");
  expect(within(main).getByRole("link", { name: "Log in" })).toHaveAttribute(
    "href",
    "/login?next=%2Fcart",
  );
  await register(user, { ...ada, email: " ada@example.com " });

  expect(await screen.findByRole("heading", { name: "Your cart" })).toBeInTheDocument();
  expect(router.state.location.pathname).toBe("/cart");
  expect(screen.getByRole("button", { name: "Log out" })).toBeInTheDocument();
  expect(backend.users.at(-1)).toMatchObject({
    email: "ada@example.com",
    username: "ada_l",
    password: "analytical-engine",
  });
});

test("an email already registered is flagged on the email field", async () => {
  const { user } = await openRegister();
  await register(user, { ...ada, email: "Carla@example.com" });

  expect(await screen.findByText("An account with this email already exists")).toBeInTheDocument();
  expect(screen.getByLabelText("Email")).toHaveAccessibleDescription(
    "An account with this email already exists",
  );
  expect(screen.getByLabelText("Email")).toBeInvalid();
  expect(screen.queryByRole("alert")).not.toBeInTheDocument();
  expect(screen.getByRole("button", { name: "Create account" })).toBeEnabled();
});

test("a username already taken is flagged on the username field", async () => {
  const { user } = await openRegister();
  await register(user, { ...ada, username: "carla" });

  expect(await screen.findByText("This username is already taken")).toBeInTheDocument();
  expect(screen.getByLabelText("Username")).toHaveAccessibleDescription(
    /This username is already taken$/,
  );
});

test("the shop's validation messages go on their fields", async () => {
  server.use(
    http.post("/auth/register", () =>
      error(422, "validation_error", "Invalid password: too common", {
        errors: [
          { loc: ["body", "password"], msg: "This password is too common", type: "value_error" },
        ],
      }),
    ),
  );
  const { user } = await openRegister();
  await register(user, ada);

  expect(await screen.findByText("This password is too common")).toBeInTheDocument();
  expect(screen.getByLabelText("Password")).toBeInvalid();
});

test("a common password, refused by the shop, is flagged beside the password", async () => {
  server.use(
    http.post("/auth/register", () =>
      error(
        422,
        "validation_error",
        "Invalid password: This password is one of the most common ones; choose another",
        {
          errors: [
            {
              loc: ["body", "password"],
              msg: "This password is one of the most common ones; choose another",
              type: "value_error",
            },
          ],
        },
      ),
    ),
  );
  const { user } = await openRegister();
  await register(user, { ...ada, password: "password123" });

  const password = screen.getByLabelText("Password");
  await waitFor(() => {
    expect(password).toBeInvalid();
  });
  expect(password).toHaveAccessibleDescription(
    /This password is one of the most common ones; choose another$/,
  );
  expect(screen.queryByRole("alert")).not.toBeInTheDocument();
});

test("a refusal of the request as a whole is shown for the form", async () => {
  server.use(
    http.post("/auth/register", () =>
      error(
        422,
        "validation_error",
        "Invalid body: The password must not be your email address or username",
        {
          errors: [
            {
              loc: ["body"],
              msg: "The password must not be your email address or username",
              type: "value_error",
            },
          ],
        },
      ),
    ),
  );
  const { user } = await openRegister();
  await register(user, ada);
  expect(await screen.findByRole("alert")).toHaveTextContent(
    /^The password must not be your email address or username$/,
  );
});

test("too many attempts: the wait is said in words", async () => {
  server.use(
    http.post("/auth/register", () =>
      error(429, "rate_limited", "Too many requests; try again in 1800 s", { retry_after: 1800 }),
    ),
  );
  const { user } = await openRegister();
  await register(user, ada);
  expect(await screen.findByRole("alert")).toHaveTextContent(
    "Too many attempts. Please wait 30 minutes and try again.",
  );
});

test("a customer who is logged in already is sent on", async () => {
  const { router } = renderApp("/register?next=%2Faccount%2Forders", { user: 7 });
  expect(await screen.findByRole("heading", { name: "Your orders" })).toBeInTheDocument();
  expect(router.state.location.pathname).toBe("/account/orders");
});

test("a visitor restoring a session waits on the register page", async () => {
  const gate = aGate();
  server.use(http.post("/auth/refresh", () => gate.wait));
  renderApp("/register", { user: 7 });
  expect(await screen.findByText("Restoring your session…")).toBeInTheDocument();
  gate.open();
  expect(await screen.findByRole("button", { name: "Log out" })).toBeInTheDocument();
});
