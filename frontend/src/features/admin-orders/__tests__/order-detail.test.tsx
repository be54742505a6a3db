import { waitFor, within } from "@testing-library/react";

import type { Schemas } from "@/lib/api-client";

import { anOrder, aProduct, aUser } from "@/testing/data";
import { http } from "@/testing/http";
import { server } from "@/testing/setup-tests";
import { backend, error, requestsTo } from "@/testing/shop-backend";
import { renderApp, screen } from "@/testing/test-utils";

type Status = Schemas["OrderStatus"];

function anOrder42(status: Status = "pending") {
  return anOrder({
    id: 42,
    status,
    total_amount: "37.50",
    note: "Ring twice.\nThe dog is friendly.",
    items: [
      {
        product_id: 1,
        product_name: "Sencha",
        unit_price: "12.50",
        quantity: 2,
        line_total: "25.00",
      },
      {
        product_id: 2,
        product_name: "Matcha",
        unit_price: "12.50",
        quantity: 1,
        line_total: "12.50",
      },
    ],
  });
}

function openAsAdmin(url = "/admin/orders/42") {
  backend.users.push({ ...aUser({ id: 1, role: "admin", username: "ada" }), password: "x" });
  backend.products = [
    aProduct({ id: 1, stock: 5 }),
    aProduct({ id: 2, stock: 0, in_stock: false }),
  ];
  return renderApp(url, { user: 1 });
}

const statusCard = () => screen.findByRole("region", { name: "Status" });
const buttonsIn = (region: HTMLElement) =>
  within(region)
    .queryAllByRole("button")
    .map((button) => button.textContent);

describe("an order in the admin console", () => {
  test("shows its lines, totals, customer, address, note and history", async () => {
    backend.orders = [anOrder42("paid")];
    backend.orders[0]!.history.push({
      from_status: "pending",
      to_status: "paid",
      actor_id: 1,
      created_at: "2026-11-30T11:15:00Z",
    });
    openAsAdmin();

    expect(await screen.findByRole("heading", { name: "Order #42", level: 1 })).toBeInTheDocument();
    await waitFor(() => {
      expect(document.title).toBe("Order #42 · Admin · Test Shop");
    });
    const lines = await screen.findByRole("table", { name: "Products in order #42" });
    expect(
      within(lines)
        .getAllByRole("row")
        .map((row) => row.textContent),
    ).toEqual([
      "ProductUnit priceQuantityLine total",
      "Sencha€12.502€25.00",
      "Matcha€12.501€12.50",
      "Order total3 items€37.50",
    ]);
    expect(within(lines).getByRole("link", { name: "Sencha" })).toHaveAttribute(
      "href",
      "/admin/products/1",
    );
    const customer = screen.getByRole("region", { name: "Customer" });
    expect(within(customer).getByRole("link", { name: "carla" })).toHaveAttribute(
      "href",
      "/admin/customers/7",
    );
    expect(customer).toHaveTextContent("carla@example.com");
    expect(within(customer).getByRole("link", { name: "All orders of carla" })).toHaveAttribute(
      "href",
      "/admin/orders?customer=7",
    );
    const address = screen.getByRole("region", { name: "Shipping address" });
    expect(within(address).getByText(/^Carla Doe/).textContent).toBe(
      "Carla Doe\nMain Street 1\n10115 Berlin\nGermany",
    );
    const note = screen.getByRole("region", { name: "Customer's note" });
    expect(within(note).getByText(/^Ring twice/).textContent).toBe(
      "Ring twice.\nThe dog is friendly.",
    );
    const steps = within(screen.getByRole("region", { name: "History" })).getAllByRole("listitem");
    expect(steps.map((step) => step.textContent)).toEqual([
      expect.stringMatching(/^PlacedNov 30, 2026, 10:00\sAM by the customer$/),
      expect.stringMatching(/^PaidNov 30, 2026, 11:15\sAM by administrator #1$/),
    ]);
    expect(screen.queryByText(/^Last changed/)).not.toBeInTheDocument();
    const crumbs = screen.getByRole("navigation", { name: "Breadcrumb" });
    expect(within(crumbs).getByRole("link", { name: "Orders" })).toHaveAttribute(
      "href",
      "/admin/orders",
    );
  });

  test("what a customer typed is shown as text, never as HTML", async () => {
    backend.orders = [
      anOrder({
        id: 42,
        shipping_address: '<script>alert("owned")</script>\n<img src=x onerror=alert(1)>',
        note: "<b>urgent</b>",
      }),
    ];
    openAsAdmin();

    const address = await screen.findByRole("region", { name: "Shipping address" });
    expect(within(address).getByText(/^<script>/).textContent).toBe(
      '<script>alert("owned")</script>\n<img src=x onerror=alert(1)>',
    );
    expect(screen.getByText("<b>urgent</b>")).toBeInTheDocument();
    expect(document.querySelector("main script, main img[src='x'], main b")).toBeNull();
  });

  test.each([
    ["pending", ["Mark as paid", "Cancel order"]],
    ["paid", ["Mark as shipped", "Cancel order"]],
    ["shipped", ["Mark as delivered"]],
    ["delivered", []],
    ["cancelled", []],
  ] as const)("a %s order offers only the moves the API allows", async (status, offered) => {
    backend.orders = [anOrder42(status)];
    openAsAdmin();

    const card = await statusCard();
    expect(buttonsIn(card)).toEqual(offered);
    if (offered.length === 0) expect(card).toHaveTextContent("orders are final");
  });

  test("marking an order as paid, then shipped, confirms each with a toast", async () => {
    backend.orders = [anOrder42("pending")];
    const { user } = openAsAdmin();

    await user.click(within(await statusCard()).getByRole("button", { name: "Mark as paid" }));

    expect(await screen.findByText("Order #42 marked as paid")).toBeInTheDocument();
    expect(screen.getByText(/^Last changed/)).toHaveTextContent(/Dec 1, 2026, 9:30\sAM/);
    const card = await statusCard();
    expect(buttonsIn(card)).toEqual(["Mark as shipped", "Cancel order"]);
    expect(screen.getByText("Paid", { selector: ".pill" })).toBeInTheDocument();
    const history = screen.getByRole("region", { name: "History" });
    expect(within(history).getAllByRole("listitem")).toHaveLength(2);

    await user.click(within(card).getByRole("button", { name: "Mark as shipped" }));
    expect(await screen.findByText("Order #42 marked as shipped")).toBeInTheDocument();
    expect(buttonsIn(await statusCard())).toEqual(["Mark as delivered"]);
    expect(backend.orders[0]?.status).toBe("shipped");
    expect(requestsTo("PUT", "/orders/42/status")).toHaveLength(2);
  });

  test("cancelling asks first and says the stock goes back to inventory", async () => {
    backend.orders = [anOrder42("paid")];
    const { user } = openAsAdmin();

    await user.click(within(await statusCard()).getByRole("button", { name: "Cancel order" }));
    let dialog = screen.getByRole("dialog", { name: "Cancel order #42?" });
    expect(dialog).toHaveTextContent(
      "The items' stock will be returned to inventory: 3 units of 2 products go back on sale.",
    );
    await user.click(within(dialog).getByRole("button", { name: "Cancel" }));
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
    expect(requestsTo("PUT", "/orders/42/status")).toEqual([]);

    await user.click(within(await statusCard()).getByRole("button", { name: "Cancel order" }));
    dialog = screen.getByRole("dialog", { name: "Cancel order #42?" });
    await user.click(within(dialog).getByRole("button", { name: "Yes, cancel order" }));

    expect(
      await screen.findByText("Order #42 cancelled; its stock is back in inventory"),
    ).toBeInTheDocument();
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
    expect(await statusCard()).toHaveTextContent("Cancelled orders are final");
    expect(backend.products.map((product) => product.stock)).toEqual([7, 1]);
  });

  test("a move someone else made first (409) is explained and the order reloaded", async () => {
    backend.orders = [anOrder42("pending")];
    const { user } = openAsAdmin();
    const card = await statusCard();
    // Meanwhile another administrator cancels it.
    Object.assign(backend.orders[0]!, { status: "cancelled", next_statuses: [] });

    await user.click(within(card).getByRole("button", { name: "Mark as paid" }));

    const message =
      "Someone else changed this order (it is cancelled now), so it was not marked as paid. " +
      "The page shows its current status.";
    expect(await within(card).findByRole("alert")).toHaveTextContent(message);
    expect(await screen.findByText(message, { selector: ".toast span" })).toBeInTheDocument();
    await waitFor(() => {
      expect(buttonsIn(card)).toEqual([]);
    });
    expect(card).toHaveTextContent("Cancelled orders are final");
    expect(requestsTo("GET", "/orders/42")).toHaveLength(2);
  });

  test("another failure is shown and nothing changes", async () => {
    backend.orders = [anOrder42("pending")];
    server.use(
      http.put("/orders/{order_id}/status", () =>
        error(500, "internal_error", "Internal server error"),
      ),
    );
    const { user } = openAsAdmin();

    await user.click(within(await statusCard()).getByRole("button", { name: "Mark as paid" }));

    expect(await within(await statusCard()).findByRole("alert")).toHaveTextContent(
      "Internal server error",
    );
    expect(buttonsIn(await statusCard())).toEqual(["Mark as paid", "Cancel order"]);
  });

  test("an order without an address or note says so", async () => {
    backend.orders = [anOrder({ id: 42, shipping_address: null, note: null })];
    openAsAdmin();
    expect(await screen.findByText("No address given.")).toBeInTheDocument();
    expect(screen.queryByRole("region", { name: "Customer's note" })).not.toBeInTheDocument();
  });

  test("an order that does not exist", async () => {
    openAsAdmin("/admin/orders/404");
    const alert = await screen.findByRole("alert");
    expect(within(alert).getByText("Order not found", { selector: ".state-title" })).toBeVisible();
    expect(screen.getByRole("link", { name: "← All orders" })).toHaveAttribute(
      "href",
      "/admin/orders",
    );
    expect(screen.queryByRole("button", { name: "Try again" })).not.toBeInTheDocument();
  });

  test("an order that cannot be loaded can be tried again", async () => {
    backend.orders = [anOrder42("pending")];
    server.use(
      http.get("/orders/{order_id}", () => error(500, "internal_error", "Internal server error"), {
        once: true,
      }),
    );
    const { user } = openAsAdmin();
    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("The order could not be loaded");
    await user.click(within(alert).getByRole("button", { name: "Try again" }));
    expect(await statusCard()).toBeInTheDocument();
  });

  test("an address that is not an order id is not found", async () => {
    openAsAdmin("/admin/orders/abc");
    expect(await screen.findByRole("heading", { name: "Page not found" })).toBeInTheDocument();
  });
});
