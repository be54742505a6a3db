import { render, waitFor } from "@testing-library/react";
import { HttpResponse } from "msw";
import { createMemoryRouter, RouterProvider } from "react-router";

import { AuthProvider, RequireAuth } from "@/lib/auth";

import { aUser } from "@/testing/data";
import { http } from "@/testing/http";
import { server } from "@/testing/setup-tests";
import { backend, requestsTo, signIn } from "@/testing/shop-backend";
import { aGate, renderApp, screen } from "@/testing/test-utils";

const HINT = "webshop.signed-in";

describe("restoring the session", () => {
  test("a returning customer is logged in again when the page loads", async () => {
    renderApp("/", { user: 7 });

    expect(await screen.findByRole("button", { name: "Log out" })).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Account" })).toBeInTheDocument();
    expect(screen.queryByRole("link", { name: "Log in" })).not.toBeInTheDocument();
    expect(requestsTo("POST", "/auth/refresh")).toHaveLength(1);
    expect(requestsTo("GET", "/users/me")[0]?.authorization).toBe("Bearer token-7-1");
  });

  test("a visitor who never logged in is not sent to /auth/refresh", async () => {
    backend.sessionUserId = 7; // even if a cookie were there
    renderApp("/");

    expect(await screen.findByRole("heading", { name: "Product 1" })).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Log in" })).toBeInTheDocument();
    expect(requestsTo("POST", "/auth/refresh")).toHaveLength(0);
    expect(requestsTo("GET", "/users/me")).toHaveLength(0);
  });

  test("a session that ended elsewhere is forgotten quietly", async () => {
    localStorage.setItem(HINT, "1"); // but the refresh cookie is gone
    renderApp("/");

    await waitFor(() => {
      expect(localStorage.getItem(HINT)).toBeNull();
    });
    expect(await screen.findByRole("link", { name: "Log in" })).toBeInTheDocument();
    expect(requestsTo("POST", "/auth/refresh")).toHaveLength(1);
    expect(requestsTo("GET", "/users/me")).toHaveLength(0);
  });

  test("a session whose account is gone is not restored", async () => {
    backend.users[0]!.id = 70; // the token's user is gone
    renderApp("/", { user: 7 });
    expect(await screen.findByRole("link", { name: "Log in" })).toBeInTheDocument();
    expect(localStorage.getItem(HINT)).toBeNull();
  });

  test("a restore the shop never answered keeps the session for the next page", async () => {
    // The page was left mid-request (or the network was down): nothing says the session ended.
    server.use(http.post("/auth/refresh", () => HttpResponse.error()));
    renderApp("/", { user: 7 });

    expect(await screen.findByRole("link", { name: "Log in" })).toBeInTheDocument();
    expect(localStorage.getItem(HINT)).toBe("1");
    expect(backend.sessionUserId).toBe(7);
  });

  test("a restore cut off before the account was read keeps the session too", async () => {
    server.use(http.get("/users/me", () => HttpResponse.error()));
    renderApp("/", { user: 7 });

    expect(await screen.findByRole("link", { name: "Log in" })).toBeInTheDocument();
    expect(localStorage.getItem(HINT)).toBe("1");
  });

  test("a customer's page waits for the session, then shows", async () => {
    const gate = aGate();
    // The refresh is held back, then answered by the fake backend as usual.
    server.use(http.post("/auth/refresh", () => gate.wait));
    renderApp("/account", { user: 7 });

    expect(await screen.findByText("Restoring your session…")).toBeInTheDocument();
    gate.open();
    expect(await screen.findByRole("heading", { name: "Your account" })).toBeInTheDocument();
  });
});

describe("logging out", () => {
  test("ends the session on the shop and here, and goes to the catalog", async () => {
    const { router, user } = renderApp("/account", { user: 7 });
    await screen.findByRole("heading", { name: "Your account" });
    await user.click(screen.getByRole("button", { name: "Log out" }));

    expect(await screen.findByRole("link", { name: "Log in" })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe("/");
    expect(requestsTo("POST", "/auth/logout")).toHaveLength(1);
    expect(backend.sessionUserId).toBeNull();
    expect(localStorage.getItem(HINT)).toBeNull();
    expect(screen.queryByRole("link", { name: "Orders" })).not.toBeInTheDocument();
  });

  test("ends the session here even when the shop cannot be reached", async () => {
    server.use(http.post("/auth/logout", ({ response }) => response.untyped(HttpResponse.error())));
    const { user } = renderApp("/", { user: 7 });
    await screen.findByRole("heading", { name: "Product 1" });
    await user.click(await screen.findByRole("button", { name: "Log out" }));

    expect(await screen.findByRole("link", { name: "Log in" })).toBeInTheDocument();
    expect(localStorage.getItem(HINT)).toBeNull();
  });
});

describe("pages for customers only", () => {
  test("send a visitor to log in, and back where they were going", async () => {
    const { router, user } = renderApp("/account/orders?page=2");

    expect(await screen.findByRole("heading", { name: "Log in" })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe("/login");
    expect(router.state.location.search).toBe("?next=%2Faccount%2Forders%3Fpage%3D2");

    await user.type(screen.getByLabelText("Email or username"), "carla");
    await user.type(screen.getByLabelText("Password"), "correct-horse");
    await user.click(screen.getByRole("button", { name: "Log in" }));

    expect(await screen.findByRole("heading", { name: "Your orders" })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe("/account/orders");
    expect(router.state.location.search).toBe("?page=2");
  });

  test("a session that ends while shopping sends the customer to log in", async () => {
    const { router, user } = renderApp("/account", { user: 7 });
    expect(await screen.findByText(/^0 orders/)).toBeInTheDocument(); // the page has loaded

    // Logged out everywhere (a password change on another device, say).
    backend.accessTokens.clear();
    backend.sessionUserId = null;
    await user.click(screen.getByRole("link", { name: "See your orders" }));

    expect(await screen.findByRole("heading", { name: "Log in" })).toBeInTheDocument();
    expect(router.state.location.search).toBe("?next=%2Faccount%2Forders");
    expect(localStorage.getItem(HINT)).toBeNull();
    expect(screen.queryByRole("button", { name: "Log out" })).not.toBeInTheDocument();
  });
});

describe("RequireAuth with a role", () => {
  function renderGuarded(forbidden?: string) {
    const router = createMemoryRouter(
      [
        {
          path: "/admin",
          element: (
            <RequireAuth
              role="admin"
              fallback={<p>Restoring…</p>}
              forbidden={forbidden === undefined ? undefined : <p>{forbidden}</p>}
            >
              <h1>Admin console</h1>
            </RequireAuth>
          ),
        },
        { path: "/login", element: <h1>Log in</h1> },
      ],
      { initialEntries: ["/admin"] },
    );
    render(
      <AuthProvider>
        <RouterProvider router={router} />
      </AuthProvider>,
    );
    return router;
  }

  test("lets a user of that role in", async () => {
    backend.users.push({ ...aUser({ id: 8, username: "ada", role: "admin" }), password: "x" });
    signIn(8);
    renderGuarded("Admins only");
    expect(await screen.findByRole("heading", { name: "Admin console" })).toBeInTheDocument();
  });

  test("shows others what they may not see", async () => {
    signIn(7);
    renderGuarded("Admins only");
    expect(await screen.findByText("Admins only")).toBeInTheDocument();
    expect(screen.queryByRole("heading", { name: "Admin console" })).not.toBeInTheDocument();
  });

  test("shows nothing to others without a message for them", async () => {
    signIn(7);
    renderGuarded();
    await waitFor(() => {
      expect(screen.queryByText("Restoring…")).not.toBeInTheDocument();
    });
    expect(screen.queryByRole("heading")).not.toBeInTheDocument();
  });

  test("sends a visitor to log in", async () => {
    const router = renderGuarded("Admins only");
    expect(await screen.findByRole("heading", { name: "Log in" })).toBeInTheDocument();
    expect(router.state.location.search).toBe("?next=%2Fadmin");
  });
});
