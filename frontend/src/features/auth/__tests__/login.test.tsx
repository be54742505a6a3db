import { waitFor } from "@testing-library/react";
import type { UserEvent } from "@testing-library/user-event";

import { http } from "@/testing/http";
import { server } from "@/testing/setup-tests";
import { error, requestsTo } from "@/testing/shop-backend";
import { aGate, renderApp, screen } from "@/testing/test-utils";

async function openLogin(url = "/login") {
  const view = renderApp(url);
  await screen.findByRole("heading", { name: "Log in" });
  return view;
}

async function logIn(user: UserEvent, identifier: string, password: string) {
  await user.type(screen.getByLabelText("Email or username"), identifier);
  await user.type(screen.getByLabelText("Password"), password);
  await user.click(screen.getByRole("button", { name: "Log in" }));
}

test("both fields are needed", async () => {
  const { user } = await openLogin();
  await user.click(screen.getByRole("button", { name: "Log in" }));

  expect(screen.getByLabelText("Email or username")).toHaveAccessibleDescription(
    "Enter your email or username.",
  );
  expect(screen.getByLabelText("Password")).toHaveAccessibleDescription("Enter your password.");
  expect(screen.getByLabelText("Password")).toBeInvalid();
  expect(requestsTo("POST", "/auth/login")).toEqual([]);
  await waitFor(() => {
    expect(document.title).toBe("Log in · Test Shop");
  });
});

test("wrong credentials are refused with the shop's message", async () => {
  const { router, user } = await openLogin();
  await logIn(user, "carla", "wrong-password");

  expect(await screen.findByRole("alert")).toHaveTextContent("Incorrect username or password");
  expect(screen.getByRole("button", { name: "Log in" })).toBeEnabled();
  expect(router.state.location.pathname).toBe("/login");
  expect(localStorage.getItem("webshop.signed-in")).toBeNull();
});

test("logging in with the email goes to the catalog", async () => {
  const { router, user } = await openLogin();
  await logIn(user, "  carla@example.com ", "correct-horse");

  expect(await screen.findByRole("button", { name: "Log out" })).toBeInTheDocument();
  expect(router.state.location.pathname).toBe("/");
  const sent = requestsTo("POST", "/auth/login");
  expect(sent).toHaveLength(1);
  expect(localStorage.getItem("webshop.signed-in")).toBe("1");
});

test("logging in goes back where the customer was going", async () => {
  const { router, user } = await openLogin("/login?next=%2Fcart");
  expect(screen.getByRole("link", { name: "Create an account" })).toHaveAttribute(
    "href",
    "/register?next=%2Fcart",
  );
  await logIn(user, "carla", "correct-horse");

  expect(await screen.findByRole("heading", { name: "Your cart" })).toBeInTheDocument();
  expect(router.state.location.pathname).toBe("/cart");
});

test.each(["//evil.com", "https://evil.com/", "/\\evil.com"])(
  "a next of %s is not followed",
  async (next) => {
    const { router, user } = await openLogin(`/login?next=${encodeURIComponent(next)}`);
    await logIn(user, "carla", "correct-horse");
    expect(await screen.findByRole("button", { name: "Log out" })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe("/");
  },
);

test("while logging in the button says so", async () => {
  const gate = aGate();
  server.use(http.post("/auth/login", () => gate.wait));
  const { user } = await openLogin();
  await logIn(user, "carla", "correct-horse");

  expect(screen.getByRole("button", { name: "Logging in…" })).toBeDisabled();
  gate.open();
  expect(await screen.findByRole("button", { name: "Log out" })).toBeInTheDocument();
});

test("a shop that cannot be reached is reported", async () => {
  server.use(
    http.post("/auth/login", () => error(503, "internal_error", "The shop is being updated")),
  );
  const { user } = await openLogin();
  await logIn(user, "carla", "correct-horse");
  expect(await screen.findByRole("alert")).toHaveTextContent("The shop is being updated");
});

test("after too many failures the shop's refusal says how long to wait", async () => {
  server.use(
    http.post("/auth/login", () =>
      error(429, "rate_limited", "Too many requests; try again in 59 s", { retry_after: 59 }),
    ),
  );
  const { router, user } = await openLogin();
  await logIn(user, "carla", "wrong-password");

  expect(await screen.findByRole("alert")).toHaveTextContent(
    "Too many attempts. Please wait 59 seconds and try again.",
  );
  expect(screen.getByRole("button", { name: "Log in" })).toBeEnabled();
  expect(router.state.location.pathname).toBe("/login");
});

test("a customer who is logged in already is sent on", async () => {
  const { router } = renderApp("/login?next=%2Faccount", { user: 7 });
  expect(await screen.findByRole("heading", { name: "Your account" })).toBeInTheDocument();
  expect(router.state.location.pathname).toBe("/account");
});

test("a logged-in customer opening the login page lands on the catalog", async () => {
  const { router } = renderApp("/login", { user: 7 });
  await screen.findByRole("heading", { name: "All products" });
  expect(screen.getByRole("button", { name: "Log out" })).toBeInTheDocument();
  expect(router.state.location.pathname).toBe("/");
});
