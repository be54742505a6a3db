import { act, waitFor, within } from "@testing-library/react";

import { ADA, anAccount, arrangeAccounts } from "@/testing/admin/customers";
import { anOrder } from "@/testing/data";
import { http } from "@/testing/http";
import { server } from "@/testing/setup-tests";
import { backend, error, requestsTo } from "@/testing/shop-backend";
import { renderApp, screen } from "@/testing/test-utils";

function arrangeOrders(): void {
  backend.orders = [
    anOrder({ id: 50, user_id: 10, status: "paid", total_amount: "34.50" }),
    anOrder({
      id: 51,
      user_id: 10,
      status: "delivered",
      total_amount: "10.00",
      created_at: "2026-11-28T15:00:00Z",
    }),
    anOrder({ id: 52, user_id: 11, status: "paid", total_amount: "14.00" }),
    anOrder({ id: 53, user_id: 11, status: "pending", total_amount: "4.50" }),
    anOrder({ id: 54, user_id: 11, status: "cancelled", total_amount: "90.00" }),
  ];
}

/** The query of the last list request, as a dictionary. */
function lastListQuery(): Record<string, string> {
  const search = requestsTo("GET", "/customers/").at(-1)?.search ?? "";
  return Object.fromEntries(new URLSearchParams(search));
}

const row = (name: string) => screen.getByRole("link", { name }).closest("tr")!;
const usernames = () =>
  screen
    .getAllByRole("row")
    .slice(1)
    .map((tr) => within(tr).getAllByRole("rowheader")[0]!.textContent);

beforeEach(() => {
  arrangeAccounts();
  arrangeOrders();
});

test("lists customers, newest first, with their orders and spend", async () => {
  renderApp("/admin/customers", { user: ADA });

  const ann = (await screen.findByRole("link", { name: "ann" })).closest("tr")!;
  expect(screen.getByRole("heading", { level: 1, name: "Customers" })).toBeInTheDocument();
  expect(within(ann).getByRole("link", { name: "ann" })).toHaveAttribute(
    "href",
    "/admin/customers/10",
  );
  const cells = within(ann)
    .getAllByRole("cell")
    .map((cell) => cell.textContent);
  expect(cells).toEqual([
    "ann@shop.example",
    "Customer",
    "Active",
    "Nov 1, 2026",
    "2",
    "€44.50",
    "Nov 30, 2026",
  ]);
  expect(within(row("ben")).getAllByRole("cell")[5]).toHaveTextContent("€14.00");
  expect(within(row("cy")).getAllByRole("cell")[6]).toHaveTextContent("Never");
  // Administrators are not customers; the newest account comes first.
  expect(usernames()).toEqual(["carla", "cy", "ben", "ann"]);
  expect(screen.getByText("4 customers")).toBeInTheDocument();
  expect(lastListQuery()).toEqual({
    role: "customer",
    sort: "joined",
    order: "desc",
    skip: "0",
    limit: "20",
  });
  expect(screen.getByRole("columnheader", { name: /Joined/ })).toHaveAttribute(
    "aria-sort",
    "descending",
  );
  expect(screen.getByRole("columnheader", { name: /Spent/ })).toHaveAttribute("aria-sort", "none");
});

test("a deactivated account says so", async () => {
  backend.users.find((user) => user.id === 12)!.is_active = false;
  renderApp("/admin/customers", { user: ADA });

  await screen.findByRole("link", { name: "cy" });
  expect(within(row("cy")).getByText("Deactivated")).toBeInTheDocument();
  expect(within(row("ben")).getByText("Active")).toBeInTheDocument();
});

test("search follows typing, into the URL and the request", async () => {
  const { router, user } = renderApp("/admin/customers", { user: ADA });
  await screen.findByRole("link", { name: "ann" });

  await user.type(screen.getByRole("searchbox", { name: "Search accounts" }), "SHOP.ex");

  await waitFor(() => {
    expect(router.state.location.search).toBe("?q=SHOP.ex");
  });
  await waitFor(() => {
    expect(usernames()).toEqual(["ann"]);
  });
  expect(lastListQuery()).toMatchObject({ q: "SHOP.ex", role: "customer" });
  expect(screen.getByText("1 customer matching “SHOP.ex”")).toBeInTheDocument();
  // Typing replaced the history entry: Back leaves the list.
  expect(router.state.historyAction).toBe("REPLACE");
});

test("Enter searches at once; Back shows the earlier search in the box", async () => {
  const { router, user } = renderApp("/admin/customers?q=ann", { user: ADA });
  await screen.findByRole("link", { name: "ann" });
  const box = screen.getByRole("searchbox", { name: "Search accounts" });

  await act(() => router.navigate("/admin/customers?q=ben"));
  expect(box).toHaveValue("ben");
  await user.clear(box);
  await user.type(box, "cy{Enter}");
  expect(router.state.location.search).toBe("?q=cy");
  expect(await screen.findByRole("link", { name: "cy" })).toBeInTheDocument();

  // The search replaced the entry it was typed on: Back goes to the one before.
  await act(() => router.navigate(-1));
  expect(router.state.location.search).toBe("?q=ann");
  expect(box).toHaveValue("ann");
  await waitFor(() => {
    expect(usernames()).toEqual(["ann"]);
  });
});

test("the role filter shows administrators, or everyone", async () => {
  const { router, user } = renderApp("/admin/customers", { user: ADA });
  await screen.findByRole("link", { name: "ann" });

  await user.selectOptions(screen.getByRole("combobox", { name: "Show" }), "Administrators");

  expect(router.state.location.search).toBe("?role=admin");
  await waitFor(() => {
    expect(usernames()).toEqual(["ada"]);
  });
  expect(within(row("ada")).getByText("Administrator")).toBeInTheDocument();
  expect(lastListQuery()).toMatchObject({ role: "admin" });

  await user.selectOptions(screen.getByRole("combobox", { name: "Show" }), "All accounts");
  expect(router.state.location.search).toBe("?role=all");
  await waitFor(() => {
    expect(usernames()).toHaveLength(5);
  });
  expect(screen.getByText("5 accounts")).toBeInTheDocument();
});

test("column headers sort by orders and spend, both ways", async () => {
  const { router, user } = renderApp("/admin/customers", { user: ADA });
  await screen.findByRole("link", { name: "ann" });

  await user.click(screen.getByRole("button", { name: "Spent, sort highest first" }));

  expect(router.state.location.search).toBe("?sort=spent");
  await waitFor(() => {
    expect(usernames().slice(0, 2)).toEqual(["ann", "ben"]);
  });
  expect(screen.getByRole("columnheader", { name: /Spent/ })).toHaveAttribute(
    "aria-sort",
    "descending",
  );
  expect(screen.getByRole("columnheader", { name: /Joined/ })).toHaveAttribute("aria-sort", "none");
  expect(lastListQuery()).toMatchObject({ sort: "spent", order: "desc" });

  await user.click(screen.getByRole("button", { name: "Spent, sort lowest first" }));
  expect(router.state.location.search).toBe("?sort=spent&order=asc");
  await waitFor(() => {
    expect(usernames().slice(-2)).toEqual(["ben", "ann"]);
  });
  expect(screen.getByRole("columnheader", { name: /Spent/ })).toHaveAttribute(
    "aria-sort",
    "ascending",
  );
  expect(lastListQuery()).toMatchObject({ sort: "spent", order: "asc" });

  await user.click(screen.getByRole("button", { name: "Orders, sort most first" }));
  expect(router.state.location.search).toBe("?sort=orders");
  await waitFor(() => {
    expect(usernames()[0]).toBe("ben");
  });
});

test("the URL's query is what the page shows and asks for", async () => {
  renderApp("/admin/customers?q=e&role=all&sort=orders&order=asc&page=1", { user: ADA });

  await screen.findByRole("link", { name: "ben" });
  expect(screen.getByRole("searchbox", { name: "Search accounts" })).toHaveValue("e");
  expect(screen.getByRole("combobox", { name: "Show" })).toHaveValue("all");
  expect(lastListQuery()).toEqual({
    q: "e",
    role: "all",
    sort: "orders",
    order: "asc",
    skip: "0",
    limit: "20",
  });
  expect(screen.getByRole("columnheader", { name: /Orders/ })).toHaveAttribute(
    "aria-sort",
    "ascending",
  );
});

test("nonsense in the URL falls back to the defaults", async () => {
  renderApp("/admin/customers?role=owner&sort=age&order=up&page=-3", { user: ADA });

  await screen.findByRole("link", { name: "ann" });
  expect(lastListQuery()).toEqual({
    role: "customer",
    sort: "joined",
    order: "desc",
    skip: "0",
    limit: "20",
  });
});

test("comes twenty at a time, keeping the query across pages", async () => {
  for (let n = 0; n < 22; n++) {
    backend.users.push(
      anAccount({ id: 100 + n, username: `shopper${n}`, created_at: "2026-09-01T09:00:00Z" }),
    );
  }
  const { router, user } = renderApp("/admin/customers?sort=spent", { user: ADA });
  await screen.findByRole("link", { name: "ann" });
  expect(usernames()).toHaveLength(20);

  await user.click(screen.getByRole("link", { name: "Page 2" }));

  expect(router.state.location.search).toBe("?sort=spent&page=2");
  await waitFor(() => {
    expect(usernames()).toHaveLength(6);
  });
  expect(lastListQuery()).toMatchObject({ sort: "spent", skip: "20", limit: "20" });

  // A new search starts again on page 1.
  await user.selectOptions(screen.getByRole("combobox", { name: "Show" }), "All accounts");
  expect(router.state.location.search).toBe("?role=all&sort=spent");
});

test("nothing found: says so and offers to clear the search", async () => {
  const { router, user } = renderApp("/admin/customers?q=nobody", { user: ADA });

  expect(await screen.findByText("No customers found")).toBeInTheDocument();
  expect(screen.queryByRole("table")).not.toBeInTheDocument();

  await user.click(screen.getByRole("link", { name: "Clear search and filter" }));
  expect(router.state.location.search).toBe("");
  expect(await screen.findByRole("link", { name: "ann" })).toBeInTheDocument();
  expect(screen.getByRole("searchbox", { name: "Search accounts" })).toHaveValue("");
});

test("a failed load says so and can be retried", async () => {
  server.use(
    http.get("/customers/", () => error(500, "internal_error", "Internal server error"), {
      once: true,
    }),
  );
  const { user } = renderApp("/admin/customers", { user: ADA });

  const alert = await screen.findByRole("alert");
  expect(alert).toHaveTextContent("The accounts could not be loaded");
  expect(alert).toHaveTextContent("Internal server error");

  await user.click(within(alert).getByRole("button", { name: "Try again" }));
  expect(await screen.findByRole("link", { name: "ann" })).toBeInTheDocument();
});

test("what customers typed is shown as text, never as markup", async () => {
  backend.users.push(
    anAccount({
      id: 30,
      username: "mallory",
      email: '<img src=x onerror="alert(1)">@evil.example',
      created_at: "2026-11-29T09:00:00Z",
    }),
  );
  const { container } = renderApp("/admin/customers", { user: ADA });

  expect(
    await screen.findByText('<img src=x onerror="alert(1)">@evil.example'),
  ).toBeInTheDocument();
  expect(container.querySelector("img[src=x]")).toBeNull();
});
