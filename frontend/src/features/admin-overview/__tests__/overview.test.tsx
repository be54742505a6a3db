import { within } from "@testing-library/react";

import { ADA, anAccount, arrangeAccounts } from "@/testing/admin/customers";
import { aProduct, anOrder } from "@/testing/data";
import { http } from "@/testing/http";
import { server } from "@/testing/setup-tests";
import { backend, error, requestsTo } from "@/testing/shop-backend";
import { renderApp, screen } from "@/testing/test-utils";

const card = (name: string) => screen.getByRole("region", { name });
const findCard = (name: string) => screen.findByRole("region", { name });
const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString();

beforeEach(() => {
  arrangeAccounts();
});

test("orders waiting, low stock, recent orders and customers at a glance", async () => {
  backend.orders = [
    anOrder({ id: 41, user_id: 10, status: "pending", created_at: "2026-11-20T10:00:00Z" }),
    anOrder({ id: 42, user_id: 11, status: "paid", created_at: "2026-11-21T10:00:00Z" }),
    anOrder({ id: 43, user_id: 10, status: "paid", created_at: "2026-11-22T10:00:00Z" }),
    anOrder({ id: 44, user_id: 12, status: "pending", created_at: "2026-11-23T10:00:00Z" }),
    anOrder({ id: 45, user_id: 10, status: "pending", created_at: "2026-11-24T10:00:00Z" }),
    anOrder({
      id: 46,
      user_id: 11,
      status: "shipped",
      total_amount: "12.50",
      created_at: "2026-11-25T10:00:00Z",
    }),
  ];
  backend.products = [
    aProduct({ id: 1, name: "Sencha", stock: 3 }),
    aProduct({ id: 2, name: "Matcha", stock: 0 }),
    aProduct({ id: 3, name: "Kettle", stock: 40 }),
    aProduct({ id: 4, name: "Old cup", stock: 1, is_active: false }),
  ];
  for (const account of backend.users) account.created_at = daysAgo(40);
  backend.users.push(anAccount({ id: 20, username: "newbie", created_at: daysAgo(2) }));
  renderApp("/admin", { user: ADA });

  expect(await screen.findByRole("heading", { level: 1, name: "Overview" })).toBeInTheDocument();

  const waiting = card("Orders waiting");
  expect(
    await within(waiting).findByRole("link", { name: "2 orders paid, to be shipped" }),
  ).toHaveAttribute("href", "/admin/orders?status=paid");
  expect(
    within(waiting).getByRole("link", { name: "3 orders pending, awaiting payment" }),
  ).toHaveAttribute("href", "/admin/orders?status=pending");
  const counted = requestsTo("GET", "/orders/admin/all").map((r) => r.search);
  expect(counted).toEqual(
    expect.arrayContaining(["?status=pending&limit=1", "?status=paid&limit=1"]),
  );

  const low = card("Low stock");
  expect(await within(low).findByText(/products have 5 or fewer in stock/)).toHaveTextContent(
    "2 products have 5 or fewer in stock.",
  );
  const items = within(low).getAllByRole("listitem");
  expect(items.map((item) => item.textContent)).toEqual(["MatchaOut of stock", "Sencha3 left"]);
  expect(within(low).getByRole("link", { name: "Sencha" })).toHaveAttribute(
    "href",
    "/admin/products/1",
  );
  expect(within(low).getByRole("link", { name: "See all low stock" })).toHaveAttribute(
    "href",
    "/admin/products?max_stock=5",
  );
  expect(requestsTo("GET", "/products/low-stock")[0]?.search).toBe("?threshold=5&limit=5");

  const recent = card("Recent orders");
  const orderLinks = await within(recent).findAllByRole("link", { name: /^Order #/ });
  expect(orderLinks.map((link) => link.textContent)).toEqual([
    "Order #46",
    "Order #45",
    "Order #44",
    "Order #43",
    "Order #42",
  ]);
  expect(orderLinks[0]).toHaveAttribute("href", "/admin/orders/46");
  const newest = orderLinks[0]!.closest("li")!;
  expect(newest).toHaveTextContent("ben");
  expect(newest).toHaveTextContent("€12.50");
  expect(newest).toHaveTextContent("Shipped");
  expect(within(recent).getByRole("link", { name: "All orders" })).toHaveAttribute(
    "href",
    "/admin/orders",
  );

  const customers = card("Customers");
  const figures = Object.fromEntries(
    (await within(customers).findAllByRole("term")).map((term) => [
      term.textContent,
      term.nextElementSibling?.textContent,
    ]),
  );
  // carla, ann, ben, cy and newbie are customers; only newbie signed up this week.
  expect(figures).toEqual({ Customers: "5", "New accounts, last 7 days": "1" });
  expect(within(customers).getByRole("link", { name: "All customers" })).toHaveAttribute(
    "href",
    "/admin/customers",
  );
});

test("a quiet day: nothing waiting, nothing low, no orders", async () => {
  backend.orders = [];
  backend.products = [aProduct({ id: 1, stock: 50 })];
  backend.users.find((user) => user.id === 12)!.is_active = false;
  renderApp("/admin", { user: ADA });

  const waiting = await findCard("Orders waiting");
  expect(
    await within(waiting).findByRole("link", { name: "0 orders paid, to be shipped" }),
  ).toBeInTheDocument();
  expect(
    await within(card("Low stock")).findByText("No product for sale has 5 or fewer in stock."),
  ).toBeInTheDocument();
  expect(within(card("Low stock")).queryByRole("link")).not.toBeInTheDocument();
  expect(await within(card("Recent orders")).findByText("No orders yet.")).toBeInTheDocument();
  expect(await within(card("Customers")).findByText("Deactivated")).toBeInTheDocument();
});

test("one card failing leaves the others, and can be retried", async () => {
  backend.products = [aProduct({ id: 1, name: "Sencha", stock: 2 })];
  server.use(
    http.get("/products/low-stock", () => error(500, "internal_error", "Internal server error"), {
      once: true,
    }),
  );
  const { user } = renderApp("/admin", { user: ADA });

  const low = await findCard("Low stock");
  const alert = await within(low).findByRole("alert");
  expect(alert).toHaveTextContent("Low stock: could not load");
  expect(alert).toHaveTextContent("Internal server error");
  expect(
    await within(card("Customers")).findByText("New accounts, last 7 days"),
  ).toBeInTheDocument();
  expect(screen.getAllByRole("alert")).toHaveLength(1);

  await user.click(within(alert).getByRole("button", { name: "Try again" }));
  expect(await within(low).findByRole("link", { name: "Sencha" })).toBeInTheDocument();
});

test("the order counts retry together", async () => {
  server.use(
    http.get("/orders/admin/all", () => error(503, "internal_error", "Busy"), { once: true }),
  );
  const { user } = renderApp("/admin", { user: ADA });

  const waiting = await findCard("Orders waiting");
  const alert = await within(waiting).findByRole("alert");
  await user.click(within(alert).getByRole("button", { name: "Try again" }));
  expect(
    await within(waiting).findByRole("link", { name: "0 orders pending, awaiting payment" }),
  ).toBeInTheDocument();
});
