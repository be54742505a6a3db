import { waitFor, within } from "@testing-library/react";

import { aDashboard, analytics, anOverview } from "@/testing/admin/analytics";
import { anAdmin } from "@/testing/admin/products";
import { anOrder, aProduct } from "@/testing/data";
import { http } from "@/testing/http";
import { server } from "@/testing/setup-tests";
import { backend, error, requestsTo } from "@/testing/shop-backend";
import { renderApp, screen } from "@/testing/test-utils";

// The console's lazy routes are compiled before the tests: on a busy machine their first
// import alone can take seconds.
beforeAll(async () => {
  await Promise.all([
    import("@/app/routes/admin/root"),
    import("@/app/routes/admin/analytics/layout"),
    import("@/app/routes/admin/analytics/overview"),
  ]);
});

const region = (name: string) => screen.getByRole("region", { name });
const figure = (name: string) => region(name).querySelector(".kpi-value")?.textContent;

test("the overview shows the period's figures the API reports for the last 30 days", async () => {
  renderApp("/admin/analytics", { user: anAdmin() });

  expect(await screen.findByRole("heading", { level: 1, name: "Analytics" })).toBeInTheDocument();
  await screen.findByRole("region", { name: "Revenue" });
  expect(figure("Revenue")).toBe("€1,234.50");
  expect(figure("Orders")).toBe("17");
  expect(figure("New users")).toBe("5");
  expect(figure("Products sold")).toBe("41");
  expect(requestsTo("GET", "/analytics/dashboard").map((r) => r.search)).toEqual(["?days=30"]);
  expect(within(region("Revenue")).queryByText(/previous period|period before/)).toBeNull();

  expect(await within(region("Orders today")).findByText("3")).toHaveClass("kpi-value");
  expect(figure("Revenue today")).toBe("€45.50");
  const tabs = screen.getByRole("navigation", { name: "Reports" });
  expect(within(tabs).getByRole("link", { name: "Overview" })).toHaveAttribute(
    "aria-current",
    "page",
  );
});

test("comparing shows each figure's change and the one before", async () => {
  analytics.dashboard = aDashboard({
    previous_period: { date_from: "2026-10-08", date_to: "2026-11-06", days: 30 },
    previous: {
      revenue: "1000.00",
      orders: 20,
      paid_orders: 15,
      cancelled_orders: 1,
      average_order_value: "66.67",
      units_sold: 41,
      new_users: 0,
      active_users: 10,
    },
    change: { revenue: "23.5", orders: "-15.0", units_sold: "0.0", new_users: null },
  });
  renderApp("/admin/analytics?compare=previous", { user: anAdmin() });

  await screen.findByRole("region", { name: "Revenue" });
  expect(screen.getByRole("checkbox", { name: "Compare with previous period" })).toBeChecked();
  expect(requestsTo("GET", "/analytics/dashboard")[0]?.search).toBe("?days=30&compare=previous");
  const change = (name: string) => region(name).querySelector(".kpi-change")?.textContent;
  expect(change("Revenue")).toBe("+23.5% vs €1,000.00 the period before");
  expect(region("Revenue").querySelector(".kpi-delta")).toHaveClass("kpi-good");
  expect(change("Orders")).toBe("−15.0% vs 20 the period before");
  expect(region("Orders").querySelector(".kpi-delta")).toHaveClass("kpi-bad");
  expect(change("Products sold")).toBe("0.0% vs 41 the period before");
  expect(change("New users")).toBe("— vs 0 the period before");
});

test("each trend chart can be read as a table with the same numbers", async () => {
  const { user } = renderApp("/admin/analytics", { user: anAdmin() });

  const revenue = await screen.findByRole("figure", { name: "Revenue trend" });
  await user.click(within(revenue).getByRole("button", { name: "Show as table" }));
  const table = within(revenue).getByRole("table", { name: "Revenue trend" });
  const rows = within(table)
    .getAllByRole("row")
    .map((row) => row.textContent);
  expect(rows).toEqual(["DateRevenue", "Dec 4€400.00", "Dec 5€0.00", "Dec 6€834.50"]);
  expect(within(revenue).getByRole("button", { name: "Show as table" })).toHaveAttribute(
    "aria-pressed",
    "true",
  );
});

test("recent orders, top sellers and low stock sit under the charts", async () => {
  backend.users.push({
    ...backend.users[0]!,
    id: 5,
    username: "carla",
    role: "customer",
  });
  backend.orders = [
    anOrder({ id: 41, user_id: 5, total_amount: "12.50", created_at: "2026-12-05T10:00:00Z" }),
    anOrder({ id: 42, user_id: 5, status: "paid", created_at: "2026-12-06T09:00:00Z" }),
  ];
  backend.products = [aProduct({ id: 9, name: "Matcha whisk", stock: 2 })];
  renderApp("/admin/analytics", { user: anAdmin() });

  const recent = await screen.findByRole("region", { name: "Recent orders" });
  const links = await within(recent).findAllByRole("link", { name: /^Order #/ });
  expect(links.map((link) => link.textContent)).toEqual(["Order #42", "Order #41"]);
  expect(within(recent).getAllByRole("listitem")[1]).toHaveTextContent("carla€12.50Pending");

  const sellers = await screen.findByRole("region", { name: "Top sellers" });
  expect(await within(sellers).findByRole("link", { name: "Sencha" })).toHaveAttribute(
    "href",
    "/admin/products/1",
  );
  const low = await screen.findByRole("region", { name: "Low stock" });
  expect(await within(low).findByRole("link", { name: "Matcha whisk" })).toBeInTheDocument();
});

test("a report that fails to load says so and loads again on request", async () => {
  server.use(
    http.get("/analytics/dashboard", () => error(500, "internal_error", "Something broke")),
  );
  const { user } = renderApp("/admin/analytics", { user: anAdmin() });

  const alert = await screen.findByRole("alert");
  expect(alert).toHaveTextContent("Could not load the overview");
  server.resetHandlers();
  await user.click(within(alert).getByRole("button", { name: "Try again" }));
  expect(await screen.findByRole("region", { name: "Revenue" })).toBeInTheDocument();
  expect(figure("Revenue")).toBe("€1,234.50");
});

test("today's figures come from the all-time overview", async () => {
  analytics.overview = anOverview({ today_orders: 0, today_revenue: "0.00" });
  renderApp("/admin/analytics", { user: anAdmin() });

  await waitFor(() => {
    expect(figure("Orders today")).toBe("0");
  });
  expect(figure("Revenue today")).toBe("€0.00");
});
