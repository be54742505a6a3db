import { act, waitFor, within } from "@testing-library/react";

import { aProduct, anOrder } from "@/testing/data";
import { ADA, arrangeAccounts } from "@/testing/admin/customers";
import { http } from "@/testing/http";
import { server } from "@/testing/setup-tests";
import { backend, error, requestsTo } from "@/testing/shop-backend";
import { renderApp, screen } from "@/testing/test-utils";

const line = (productId: number, quantity: number, price = "10.00") => ({
  product_id: productId,
  product_name: `Product ${productId}`,
  unit_price: price,
  quantity,
  line_total: (Number(price) * quantity).toFixed(2),
});

beforeEach(() => {
  arrangeAccounts();
  backend.products = [
    aProduct({ id: 1, category: "books" }),
    aProduct({ id: 2, category: "toys" }),
    aProduct({ id: 3, category: null }),
  ];
  backend.orders = [
    anOrder({
      id: 50,
      user_id: 10,
      status: "paid",
      total_amount: "34.50",
      created_at: "2026-11-02T10:00:00Z",
      items: [line(1, 3), line(2, 1, "4.50")],
    }),
    anOrder({
      id: 51,
      user_id: 10,
      status: "delivered",
      total_amount: "10.00",
      created_at: "2026-11-28T15:00:00Z",
      items: [line(1, 1)],
    }),
    anOrder({
      id: 52,
      user_id: 10,
      status: "cancelled",
      total_amount: "50.00",
      created_at: "2026-11-29T15:00:00Z",
      items: [line(2, 5)],
    }),
  ];
});

const ann = () => backend.users.find((user) => user.id === 10)!;

test("shows the profile, the summary, favourite categories and recent orders", async () => {
  ann().last_login_at = "2026-11-29T18:30:00Z";
  renderApp("/admin/customers/10", { user: ADA });

  expect(await screen.findByRole("heading", { level: 1, name: "ann" })).toBeInTheDocument();
  const crumbs = screen.getByRole("navigation", { name: "Breadcrumb" });
  expect(within(crumbs).getByRole("link", { name: "Customers" })).toHaveAttribute(
    "href",
    "/admin/customers",
  );

  const profile = screen.getByRole("region", { name: "Profile" });
  const facts = Object.fromEntries(
    within(profile)
      .getAllByRole("term")
      .map((term) => [term.textContent, term.nextElementSibling?.textContent]),
  );
  expect(facts).toEqual({
    Username: "ann",
    Email: "ann@shop.example",
    Role: "Customer",
    Status: "Active",
    Joined: "Nov 1, 2026, 9:00 AM",
    "Last login": "Nov 29, 2026, 6:30 PM",
  });

  const summary = await screen.findByRole("region", { name: "Summary" });
  const figures = Object.fromEntries(
    within(summary)
      .getAllByRole("term")
      .map((term) => [term.textContent, term.nextElementSibling?.textContent]),
  );
  expect(figures).toEqual({
    "Lifetime value": "€44.50Paid, shipped and delivered orders",
    Orders: "32 paid",
    "Average order": "€22.25",
    "First order": "Nov 2, 2026",
    "Last order": "Nov 29, 2026",
  });

  const categories = screen.getByRole("region", { name: "Favourite categories" });
  expect(
    within(categories)
      .getAllByRole("listitem")
      .map((item) => item.textContent),
  ).toEqual(["books4 units", "toys1 unit"]);

  const orders = screen.getByRole("region", { name: "Recent orders" });
  const links = within(orders).getAllByRole("link", { name: /^Order #/ });
  expect(links.map((link) => link.getAttribute("href"))).toEqual([
    "/admin/orders/52",
    "/admin/orders/51",
    "/admin/orders/50",
  ]);
  expect(links[0]!.closest("tr")).toHaveTextContent("Cancelled");
  expect(within(orders).getByRole("link", { name: "All orders of ann (3)" })).toHaveAttribute(
    "href",
    "/admin/orders?customer=10",
  );
});

test("an account without orders", async () => {
  renderApp("/admin/customers/12", { user: ADA });

  expect(await screen.findByRole("heading", { level: 1, name: "cy" })).toBeInTheDocument();
  const profile = screen.getByRole("region", { name: "Profile" });
  expect(within(profile).getByText("Never")).toBeInTheDocument();
  const summary = await screen.findByRole("region", { name: "Summary" });
  expect(summary).toHaveTextContent("Lifetime value€0.00");
  expect(summary).toHaveTextContent("First order—");
  expect(screen.getByText("No purchases in any category yet.")).toBeInTheDocument();
  expect(screen.getByText("No orders yet.")).toBeInTheDocument();
  expect(screen.queryByRole("link", { name: /All orders/ })).not.toBeInTheDocument();
});

test("deactivating asks first, then logs the customer out; reactivating undoes it", async () => {
  const { user } = renderApp("/admin/customers/10", { user: ADA });
  await screen.findByRole("heading", { level: 1, name: "ann" });
  const access = screen.getByRole("region", { name: "Access" });

  await user.click(within(access).getByRole("button", { name: "Deactivate" }));

  const dialog = screen.getByRole("dialog", { name: "Deactivate ann?" });
  expect(dialog).toHaveTextContent(
    "ann is logged out at once and cannot log in until the account is reactivated.",
  );
  expect(requestsTo("PATCH", "/users/10")).toHaveLength(0);
  await user.click(within(dialog).getByRole("button", { name: "Deactivate account" }));

  expect(await screen.findByText("ann was deactivated.")).toBeInTheDocument();
  expect(ann().is_active).toBe(false);
  await waitFor(() => {
    expect(within(screen.getByRole("region", { name: "Profile" })).getByText("Deactivated"));
  });
  expect(screen.queryByRole("dialog")).not.toBeInTheDocument();

  await user.click(within(access).getByRole("button", { name: "Reactivate" }));
  await user.click(
    within(screen.getByRole("dialog", { name: "Reactivate ann?" })).getByRole("button", {
      name: "Reactivate account",
    }),
  );

  expect(await screen.findByText("ann was reactivated.")).toBeInTheDocument();
  expect(ann().is_active).toBe(true);
  expect(await within(access).findByRole("button", { name: "Deactivate" })).toBeInTheDocument();
});

test("cancelling the confirmation changes nothing", async () => {
  const { user } = renderApp("/admin/customers/10", { user: ADA });
  await screen.findByRole("heading", { level: 1, name: "ann" });

  await user.click(screen.getByRole("button", { name: "Deactivate" }));
  await user.click(
    within(screen.getByRole("dialog", { name: "Deactivate ann?" })).getByRole("button", {
      name: "Cancel",
    }),
  );

  expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
  expect(requestsTo("PATCH", "/users/10")).toHaveLength(0);
  expect(ann().is_active).toBe(true);
});

test("promotes a customer to administrator and back", async () => {
  const { user } = renderApp("/admin/customers/10", { user: ADA });
  await screen.findByRole("heading", { level: 1, name: "ann" });

  await user.click(screen.getByRole("button", { name: "Make administrator" }));
  const promote = screen.getByRole("dialog", { name: "Make ann an administrator?" });
  expect(promote).toHaveTextContent("can then open this console");
  await user.click(within(promote).getByRole("button", { name: "Make administrator" }));

  expect(await screen.findByText("ann is now an administrator.")).toBeInTheDocument();
  expect(ann().role).toBe("admin");
  const profile = screen.getByRole("region", { name: "Profile" });
  expect(await within(profile).findByText("Administrator")).toBeInTheDocument();
  // The history of an administrator who used to be a customer stays visible.
  expect(screen.getByRole("region", { name: "Summary" })).toHaveTextContent("€44.50");

  await user.click(screen.getByRole("button", { name: "Make customer" }));
  const demote = screen.getByRole("dialog", { name: "Make ann a customer?" });
  expect(demote).toHaveTextContent("can no longer open this console");
  await user.click(within(demote).getByRole("button", { name: "Make customer" }));

  expect(await screen.findByText("ann is now a customer.")).toBeInTheDocument();
  expect(ann().role).toBe("customer");
  expect(await within(profile).findByText("Customer")).toBeInTheDocument();
});

test("the list shows the change when going back to it", async () => {
  const { user } = renderApp("/admin/customers", { user: ADA });
  await user.click(await screen.findByRole("link", { name: "ann" }));
  await user.click(await screen.findByRole("button", { name: "Deactivate" }));
  await user.click(screen.getByRole("button", { name: "Deactivate account" }));
  await screen.findByText("ann was deactivated.");

  const crumbs = screen.getByRole("navigation", { name: "Breadcrumb" });
  await user.click(within(crumbs).getByRole("link", { name: "Customers" }));

  const row = (await screen.findByRole("link", { name: "ann" })).closest("tr")!;
  await waitFor(() => {
    expect(row).toHaveTextContent("Deactivated");
  });
});

test("one's own account cannot be deactivated or demoted, and says why", async () => {
  renderApp(`/admin/customers/${ADA}`, { user: ADA });

  expect(await screen.findByRole("heading", { level: 1, name: "ada" })).toBeInTheDocument();
  const access = screen.getByRole("region", { name: "Access" });
  for (const name of ["Deactivate", "Make customer"]) {
    const button = within(access).getByRole("button", { name });
    expect(button).toBeDisabled();
    expect(button).toHaveAccessibleDescription(
      "This is your own account: you cannot deactivate it or change its role. Another administrator can.",
    );
  }
  expect(within(access).queryByRole("button", { name: "Make administrator" })).toBeNull();
});

test("a refusal from the API is shown, and nothing changes", async () => {
  server.use(
    http.patch("/users/{user_id}", () =>
      error(409, "cannot_change_own_access", "You cannot change your own role"),
    ),
  );
  const { user } = renderApp("/admin/customers/10", { user: ADA });
  await screen.findByRole("heading", { level: 1, name: "ann" });

  await user.click(screen.getByRole("button", { name: "Make administrator" }));
  await user.click(
    within(screen.getByRole("dialog")).getByRole("button", { name: "Make administrator" }),
  );

  const message = "The role could not be changed: You cannot change your own role";
  expect(await screen.findByRole("alert")).toHaveTextContent(message);
  expect(screen.getByRole("status")).toHaveTextContent(message);
  expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
  expect(within(screen.getByRole("region", { name: "Profile" })).getByText("Customer"));
});

test("an unknown account, and an address that names none", async () => {
  const { router } = renderApp("/admin/customers/999", { user: ADA });
  expect(
    await screen.findByRole("heading", { level: 1, name: "Account not found" }),
  ).toBeInTheDocument();
  expect(screen.getByRole("link", { name: "Back to customers" })).toHaveAttribute(
    "href",
    "/admin/customers",
  );

  await act(() => router.navigate("/admin/customers/abc"));
  expect(await screen.findByRole("heading", { name: "Page not found" })).toBeInTheDocument();
});

test("a failed load says so and can be retried; so can the summary on its own", async () => {
  server.use(
    http.get("/customers/{user_id}", () => error(503, "internal_error", "Try later"), {
      once: true,
    }),
    http.get("/customers/{user_id}/summary", () => error(503, "internal_error", "Busy"), {
      once: true,
    }),
  );
  const { user } = renderApp("/admin/customers/10", { user: ADA });

  const failed = await screen.findByRole("alert");
  expect(failed).toHaveTextContent("The account could not be loaded");
  await user.click(within(failed).getByRole("button", { name: "Try again" }));

  expect(await screen.findByRole("heading", { level: 1, name: "ann" })).toBeInTheDocument();
  const summaryError = await screen.findByRole("alert");
  expect(summaryError).toHaveTextContent("The summary could not be loaded");
  expect(screen.getByRole("region", { name: "Recent orders" })).toBeInTheDocument();
  await user.click(within(summaryError).getByRole("button", { name: "Try again" }));
  expect(await screen.findByRole("region", { name: "Summary" })).toHaveTextContent("€44.50");
});
