import { waitFor, within } from "@testing-library/react";

import {
  aDashboard,
  analytics,
  aProductPerformance,
  aUserAnalytics,
} from "@/testing/admin/analytics";
import { anAdmin } from "@/testing/admin/products";
import { http } from "@/testing/http";
import { server } from "@/testing/setup-tests";
import { error, requestsTo } from "@/testing/shop-backend";
import { renderApp, screen } from "@/testing/test-utils";

beforeAll(async () => {
  await Promise.all([
    import("@/app/routes/admin/root"),
    import("@/app/routes/admin/analytics/layout"),
    import("@/app/routes/admin/analytics/orders"),
    import("@/app/routes/admin/analytics/users"),
    import("@/app/routes/admin/analytics/products"),
  ]);
});

const region = (name: string) => screen.getByRole("region", { name });
const figure = (name: string) => region(name).querySelector(".kpi-value")?.textContent;

test("the Orders tab: statistics, statuses linking to those orders, best sellers", async () => {
  analytics.dashboard = aDashboard({
    period: { date_from: "2026-11-07", date_to: "2026-12-06", days: 30 },
  });
  renderApp("/admin/analytics/orders", { user: anAdmin() });

  await screen.findByRole("region", { name: "Orders by status" });
  expect(figure("Orders")).toBe("17");
  expect(figure("Cancelled orders")).toBe("2");
  expect(figure("Revenue")).toBe("€1,234.50");
  expect(figure("Average order value")).toBe("€88.18");
  await waitFor(() => {
    expect(figure("Orders today")).toBe("3");
  });

  const statuses = within(region("Orders by status")).getAllByRole("row");
  expect(statuses.map((row) => row.textContent)).toEqual([
    "StatusOrdersShare",
    "Pending15.9%",
    "Paid635.3%",
    "Shipped529.4%",
    "Delivered317.6%",
    "Cancelled211.8%",
  ]);
  expect(within(region("Orders by status")).getByRole("link", { name: "Shipped" })).toHaveAttribute(
    "href",
    "/admin/orders?status=shipped&from=2026-11-07&to=2026-12-06",
  );
  const sellers = region("Top-selling products");
  expect(within(sellers).getAllByRole("row")[1]).toHaveTextContent("Sencha20€250.00");
  expect(screen.getByRole("button", { name: "Export orders (CSV)" })).toBeInTheDocument();
});

test("the Users tab: growth, activity and accounts by role for the range", async () => {
  analytics.users = aUserAnalytics({
    previous: { signups: 2, active_users: 12 },
    change: { signups: "100.0", active_users: "-25.0" },
    previous_period: { date_from: "2026-11-27", date_to: "2026-11-29", days: 3 },
  });
  const { user } = renderApp("/admin/analytics/users?range=today&compare=previous", {
    user: anAdmin(),
  });

  await screen.findByRole("region", { name: "New users" });
  expect(requestsTo("GET", "/analytics/users")[0]?.search).toBe("?days=1&compare=previous");
  expect(figure("New users")).toBe("4");
  expect(region("New users").querySelector(".kpi-change")).toHaveTextContent(
    "+100.0% vs 2 the period before",
  );
  expect(figure("Active users")).toBe("9");
  expect(figure("All accounts")).toBe("40");
  expect(figure("Customers")).toBe("38");
  expect(region("Customers")).toHaveTextContent("and 2 administrators");

  const growth = screen.getByRole("figure", { name: "User growth" });
  await user.click(within(growth).getByRole("button", { name: "Show as table" }));
  expect(
    within(growth)
      .getAllByRole("row")
      .map((row) => row.textContent),
  ).toEqual(["DateAccountsAccounts, previous period", "Dec 437—", "Dec 537—", "Dec 640—"]);
  expect(screen.getByRole("button", { name: "Export users (CSV)" })).toBeInTheDocument();
  expect(screen.getByRole("button", { name: "Export customers (CSV)" })).toBeInTheDocument();
});

test("the Products tab sorts by each figure and pages through the products", async () => {
  analytics.products = Array.from({ length: 25 }, (_, index) =>
    aProductPerformance({ product_id: index + 1, name: `Tea ${index + 1}` }),
  );
  analytics.products[0] = aProductPerformance({
    product_id: 1,
    name: "Tea 1",
    is_active: false,
    conversion: null,
    average_rating: null,
    change: { units_sold: "12.5", revenue: null, order_count: "-3.0", views: "0.0" },
    previous: { units_sold: 16, revenue: "0.00", order_count: 15, views: 300, conversion: null },
  });
  const { user, router } = renderApp("/admin/analytics/products?range=7d", { user: anAdmin() });

  const table = await screen.findByRole("table", { name: "Product performance" });
  expect(requestsTo("GET", "/analytics/products")[0]?.search).toBe(
    "?days=7&sort=revenue&skip=0&limit=20",
  );
  const first = within(table).getAllByRole("row")[1]!;
  expect(first).toHaveTextContent("Tea 1Not for sale20+12.5%€250.00—15−3.0%3000.0%——8");
  expect(within(table).getByRole("columnheader", { name: /Revenue/ })).toHaveAttribute(
    "aria-sort",
    "descending",
  );

  await user.click(within(table).getByRole("link", { name: "Views, sort highest first" }));
  expect(router.state.location.search).toBe("?range=7d&sort=views");
  await waitFor(() => {
    expect(requestsTo("GET", "/analytics/products").at(-1)?.search).toBe(
      "?days=7&sort=views&skip=0&limit=20",
    );
  });
  expect(screen.getByRole("figure", { name: "Top products by views" })).toBeInTheDocument();

  // Once more: the other way round, what is seen least first.
  await user.click(within(table).getByRole("link", { name: "Views, sort lowest first" }));
  expect(router.state.location.search).toBe("?range=7d&sort=views&order=asc");
  await waitFor(() => {
    expect(requestsTo("GET", "/analytics/products").at(-1)?.search).toBe(
      "?days=7&sort=views&order=asc&skip=0&limit=20",
    );
  });
  expect(within(table).getByRole("columnheader", { name: /Views/ })).toHaveAttribute(
    "aria-sort",
    "ascending",
  );
  expect(
    screen.getByRole("figure", { name: "Products with the lowest views" }),
  ).toBeInTheDocument();
  await user.click(within(table).getByRole("link", { name: "Views, sort highest first" }));
  expect(router.state.location.search).toBe("?range=7d&sort=views");
  await user.click(within(table).getByRole("link", { name: "Product, sort A to Z" }));
  expect(router.state.location.search).toBe("?range=7d&sort=name");
  expect(within(table).getByRole("link", { name: "Product, sort Z to A" })).toHaveAttribute(
    "href",
    "/admin/analytics/products?range=7d&sort=name&order=desc",
  );
  await user.click(within(table).getByRole("link", { name: "Views, sort highest first" }));

  await user.click(screen.getByRole("link", { name: "Page 2" }));
  expect(router.state.location.search).toBe("?range=7d&sort=views&page=2");
  expect(await screen.findByRole("link", { name: "Tea 21" })).toBeInTheDocument();
  expect(requestsTo("GET", "/analytics/products").at(-1)?.search).toBe(
    "?days=7&sort=views&skip=20&limit=20",
  );
});

test("a shop without products says so on the Products tab", async () => {
  analytics.products = [];
  renderApp("/admin/analytics/products", { user: anAdmin() });
  expect(await screen.findByText("No products yet")).toBeInTheDocument();
  expect(screen.getByRole("link", { name: "Add a product" })).toHaveAttribute(
    "href",
    "/admin/products/new",
  );
});

test("an unusable range from the API is shown as an error", async () => {
  server.use(
    http.get("/analytics/users", () =>
      error(422, "invalid_period", "A range covers at most 731 days (two years)."),
    ),
  );
  renderApp("/admin/analytics/users", { user: anAdmin() });
  expect(await screen.findByRole("alert")).toHaveTextContent(
    "A range covers at most 731 days (two years).",
  );
});
