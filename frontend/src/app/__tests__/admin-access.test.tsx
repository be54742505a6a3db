import { waitFor } from "@testing-library/react";

import { arrangeAccounts } from "@/testing/admin/customers";
import { requestsTo } from "@/testing/shop-backend";
import { renderApp, screen } from "@/testing/test-utils";

beforeEach(() => {
  arrangeAccounts();
});

test("a customer opening the customers console is not allowed in", async () => {
  renderApp("/admin/customers", { user: 7 });

  expect(await screen.findByRole("heading", { name: "Not allowed" })).toBeInTheDocument();
  expect(screen.getByRole("link", { name: "Go to the catalog" })).toHaveAttribute("href", "/");
  expect(screen.queryByRole("navigation", { name: "Administration" })).not.toBeInTheDocument();
  expect(requestsTo("GET", "/customers/")).toHaveLength(0);
});

test("a customer cannot open one account either", async () => {
  renderApp("/admin/customers/10", { user: 7 });

  expect(await screen.findByRole("heading", { name: "Not allowed" })).toBeInTheDocument();
  expect(requestsTo("GET", "/customers/10")).toHaveLength(0);
});

test("an anonymous visitor logs in first, then comes back", async () => {
  const { router, user } = renderApp("/admin/customers");

  await waitFor(() => {
    expect(router.state.location.pathname).toBe("/login");
  });
  expect(router.state.location.search).toBe("?next=%2Fadmin%2Fcustomers");
  expect(requestsTo("GET", "/customers/")).toHaveLength(0);

  await user.type(await screen.findByLabelText(/Email or username/), "ada");
  await user.type(screen.getByLabelText(/^Password/), "x");
  await user.click(screen.getByRole("button", { name: "Log in" }));

  expect(await screen.findByRole("heading", { level: 1, name: "Customers" })).toBeInTheDocument();
  expect(router.state.location.pathname).toBe("/admin/customers");
  expect(await screen.findByRole("link", { name: "ann" })).toBeInTheDocument();
});
