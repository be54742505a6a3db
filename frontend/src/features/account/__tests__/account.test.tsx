import { waitFor, within } from "@testing-library/react";
import type { UserEvent } from "@testing-library/user-event";

import { anOrder } from "@/testing/data";
import { http } from "@/testing/http";
import { server } from "@/testing/setup-tests";
import { backend, error, requestsTo } from "@/testing/shop-backend";
import { renderApp, screen } from "@/testing/test-utils";

async function openAccount() {
  const view = renderApp("/account", { user: 7 });
  await screen.findByRole("heading", { name: "Your account" });
  return view;
}

function form(name: "Profile" | "Password"): HTMLElement {
  return screen.getByRole("heading", { name }).closest("form")!;
}

async function replace(user: UserEvent, field: HTMLElement, text: string) {
  await user.clear(field);
  if (text) await user.type(field, text);
}

describe("the order summary", () => {
  test("counts the orders and what was spent on those paid", async () => {
    backend.orders = [
      anOrder({ id: 43, status: "delivered", total_amount: "20.00" }),
      anOrder({ id: 42, status: "paid", total_amount: "0.10" }),
      anOrder({ id: 41, status: "cancelled", total_amount: "99.00" }),
    ];
    await openAccount();
    const summary = screen.getByRole("region", { name: "Your orders" });
    expect(await within(summary).findByText(/3 orders/)).toHaveTextContent(
      "3 orders · spent €20.10",
    );
    expect(within(summary).getByRole("link", { name: "See your orders" })).toHaveAttribute(
      "href",
      "/account/orders",
    );
    const devices = screen.getByRole("region", { name: "Signed-in devices" });
    expect(within(devices).getByRole("link", { name: "See signed-in devices" })).toHaveAttribute(
      "href",
      "/account/sessions",
    );
    await waitFor(() => {
      expect(document.title).toBe("Your account · Test Shop");
    });
  });

  test("says when it cannot be loaded", async () => {
    server.use(
      http.get("/orders/summary", () => error(500, "internal_error", "Internal server error")),
    );
    await openAccount();
    const summary = screen.getByRole("region", { name: "Your orders" });
    expect(await within(summary).findByText("Internal server error")).toBeInTheDocument();
  });
});

describe("the profile", () => {
  test("shows the username and email, and saves a change", async () => {
    const { user } = await openAccount();
    const profile = form("Profile");
    const username = within(profile).getByLabelText("Username");
    const save = within(profile).getByRole("button", { name: "Save profile" });
    expect(username).toHaveValue("carla");
    expect(within(profile).getByLabelText("Email")).toHaveValue("carla@example.com");
    expect(save).toBeDisabled();

    await replace(user, username, "carla.doe");
    await user.click(save);

    expect(await within(profile).findByText("Your profile was saved.")).toBeInTheDocument();
    expect(backend.users[0]).toMatchObject({ username: "carla.doe", email: "carla@example.com" });
    expect(save).toBeDisabled(); // nothing new to save
    await user.type(username, "x");
    expect(within(profile).queryByText("Your profile was saved.")).not.toBeInTheDocument();
  });

  test("checks what it sends", async () => {
    const { user } = await openAccount();
    const profile = form("Profile");
    await replace(user, within(profile).getByLabelText("Email"), "carla-at-example.com");
    await replace(user, within(profile).getByLabelText("Username"), "c");
    await user.click(within(profile).getByRole("button", { name: "Save profile" }));

    expect(within(profile).getByLabelText("Email")).toHaveAccessibleDescription(
      "Enter an email address like name@example.com.",
    );
    expect(within(profile).getByLabelText("Username")).toHaveAccessibleDescription(
      "Use 3 to 50 characters.",
    );
    expect(requestsTo("PATCH", "/users/me")).toEqual([]);
  });

  test("an email another account uses is flagged on the field", async () => {
    backend.users.push({ ...backend.users[0]!, id: 8, email: "ada@example.com", username: "ada" });
    const { user } = await openAccount();
    const profile = form("Profile");
    await replace(user, within(profile).getByLabelText("Email"), "ada@example.com");
    await user.click(within(profile).getByRole("button", { name: "Save profile" }));

    expect(
      await within(profile).findByText("An account with this email already exists"),
    ).toBeInTheDocument();
    expect(within(profile).getByLabelText("Email")).toBeInvalid();
    expect(backend.users[0]?.email).toBe("carla@example.com");
  });

  test("a username another account uses is flagged on the field", async () => {
    backend.users.push({ ...backend.users[0]!, id: 8, email: "ada@example.com", username: "ada" });
    const { user } = await openAccount();
    const profile = form("Profile");
    await replace(user, within(profile).getByLabelText("Username"), "ada");
    await user.click(within(profile).getByRole("button", { name: "Save profile" }));

    expect(await within(profile).findByText("This username is already taken")).toBeInTheDocument();
    expect(within(profile).getByLabelText("Username")).toBeInvalid();
  });

  test("another failure is shown for the form", async () => {
    server.use(
      http.patch("/users/me", () => error(500, "internal_error", "Internal server error")),
    );
    const { user } = await openAccount();
    const profile = form("Profile");
    await replace(user, within(profile).getByLabelText("Username"), "carla2");
    await user.click(within(profile).getByRole("button", { name: "Save profile" }));
    expect(await within(profile).findByRole("alert")).toHaveTextContent("Internal server error");
  });
});

describe("the password", () => {
  test("every field is checked first", async () => {
    const { user } = await openAccount();
    const password = form("Password");
    await user.type(within(password).getByLabelText("New password"), "short");
    await user.type(within(password).getByLabelText("Repeat new password"), "shorter");
    await user.click(within(password).getByRole("button", { name: "Change password" }));

    expect(within(password).getByLabelText("Current password")).toHaveAccessibleDescription(
      "Enter your current password.",
    );
    expect(within(password).getByLabelText("New password")).toHaveAccessibleDescription(
      /Use at least 8 characters\.$/,
    );
    expect(within(password).getByLabelText("Repeat new password")).toHaveAccessibleDescription(
      "The passwords do not match.",
    );
    expect(requestsTo("POST", "/users/me/password")).toEqual([]);
  });

  test("a wrong current password is flagged on its field", async () => {
    const { user } = await openAccount();
    const password = form("Password");
    await user.type(within(password).getByLabelText("Current password"), "guess-work");
    await user.type(within(password).getByLabelText("New password"), "new-secret-1");
    await user.type(within(password).getByLabelText("Repeat new password"), "new-secret-1");
    await user.click(within(password).getByRole("button", { name: "Change password" }));

    expect(await within(password).findByText("Current password is incorrect")).toBeInTheDocument();
    expect(within(password).getByLabelText("Current password")).toHaveAccessibleDescription(
      "Current password is incorrect",
    );
    expect(backend.users[0]?.password).toBe("correct-horse");
  });

  test("a new password that is the email or username is refused before sending", async () => {
    const { user } = await openAccount();
    const password = form("Password");
    await user.type(within(password).getByLabelText("Current password"), "correct-horse");
    await user.type(within(password).getByLabelText("New password"), "Carla@Example.com");
    await user.type(within(password).getByLabelText("Repeat new password"), "Carla@Example.com");
    await user.click(within(password).getByRole("button", { name: "Change password" }));

    expect(within(password).getByLabelText("New password")).toHaveAccessibleDescription(
      /The password must not be your email address or username\.$/,
    );
    expect(requestsTo("POST", "/users/me/password")).toEqual([]);
  });

  test.each([
    [
      "one like the account",
      error(
        422,
        "password_like_account",
        "The password must not be your email address or username",
      ),
      "The password must not be your email address or username",
    ],
    [
      "a common one",
      error(
        422,
        "validation_error",
        "Invalid new_password: This password is one of the most common ones; choose another",
        {
          errors: [
            {
              loc: ["body", "new_password"],
              msg: "This password is one of the most common ones; choose another",
              type: "value_error",
            },
          ],
        },
      ),
      "This password is one of the most common ones; choose another",
    ],
  ])("the shop's refusal of %s is shown beside the new password", async (_, answer, message) => {
    server.use(http.post("/users/me/password", () => answer));
    const { user } = await openAccount();
    const password = form("Password");
    await user.type(within(password).getByLabelText("Current password"), "correct-horse");
    await user.type(within(password).getByLabelText("New password"), "letmein-123");
    await user.type(within(password).getByLabelText("Repeat new password"), "letmein-123");
    await user.click(within(password).getByRole("button", { name: "Change password" }));

    const field = within(password).getByLabelText("New password");
    await waitFor(() => {
      expect(field).toBeInvalid();
    });
    expect(field).toHaveAccessibleDescription(new RegExp(`${message}$`));
    expect(within(password).queryByRole("alert")).not.toBeInTheDocument();
  });

  test("too many changes: the wait is said in words", async () => {
    server.use(
      http.post("/users/me/password", () =>
        error(429, "rate_limited", "Too many requests; try again in 600 s", { retry_after: 600 }),
      ),
    );
    const { user } = await openAccount();
    const password = form("Password");
    await user.type(within(password).getByLabelText("Current password"), "correct-horse");
    await user.type(within(password).getByLabelText("New password"), "battery-staple");
    await user.type(within(password).getByLabelText("Repeat new password"), "battery-staple");
    await user.click(within(password).getByRole("button", { name: "Change password" }));
    expect(await within(password).findByRole("alert")).toHaveTextContent(
      "Too many attempts. Please wait 10 minutes and try again.",
    );
  });

  test("a changed password keeps the customer logged in with the new tokens", async () => {
    const { user } = await openAccount();
    const password = form("Password");
    await user.type(within(password).getByLabelText("Current password"), "correct-horse");
    await user.type(within(password).getByLabelText("New password"), "battery-staple");
    await user.type(within(password).getByLabelText("Repeat new password"), "battery-staple");
    await user.click(within(password).getByRole("button", { name: "Change password" }));

    expect(await within(password).findByText("Your password was changed.")).toBeInTheDocument();
    expect(within(password).getByLabelText("Current password")).toHaveValue("");
    expect(within(password).getByLabelText("New password")).toHaveValue("");
    expect(backend.users[0]?.password).toBe("battery-staple");

    await user.click(screen.getByRole("link", { name: "See your orders" }));
    expect(await screen.findByText("No orders yet")).toBeInTheDocument();
    const [issued] = [...backend.accessTokens.keys()].slice(-1);
    expect(issued).not.toBe("token-7-1"); // the one the session was restored with
    expect(requestsTo("GET", "/orders/detailed").at(-1)?.authorization).toBe(`Bearer ${issued}`);
    expect(requestsTo("POST", "/auth/refresh")).toHaveLength(1); // only the restore on load
  });

  test("another failure is shown for the form", async () => {
    server.use(
      http.post("/users/me/password", () => error(500, "internal_error", "Internal server error")),
    );
    const { user } = await openAccount();
    const password = form("Password");
    await user.type(within(password).getByLabelText("Current password"), "correct-horse");
    await user.type(within(password).getByLabelText("New password"), "battery-staple");
    await user.type(within(password).getByLabelText("Repeat new password"), "battery-staple");
    await user.click(within(password).getByRole("button", { name: "Change password" }));
    expect(await within(password).findByRole("alert")).toHaveTextContent("Internal server error");
  });
});
