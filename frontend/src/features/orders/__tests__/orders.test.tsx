import { waitFor, within } from "@testing-library/react";

import { anOrder } from "@/testing/data";
import { http } from "@/testing/http";
import { server } from "@/testing/setup-tests";
import { backend, error, requestsTo } from "@/testing/shop-backend";
import { renderApp, screen } from "@/testing/test-utils";

const paidOrder = () =>
  anOrder({
    id: 42,
    status: "paid",
    total_amount: "37.50",
    note: "Leave it at the door.",
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
    history: [
      { from_status: null, to_status: "pending", actor_id: 7, created_at: "2026-11-30T10:00:00Z" },
      {
        from_status: "pending",
        to_status: "paid",
        actor_id: 1,
        created_at: "2026-11-30T11:15:00Z",
      },
    ],
  });

describe("the list of orders", () => {
  test("shows each order with its date, size, total and status", async () => {
    backend.orders = [paidOrder(), anOrder({ id: 41 })];
    renderApp("/account/orders", { user: 7 });

    const row = (await screen.findByRole("link", { name: /Order #42/ })).closest("li")!;
    expect(within(row).getByRole("link")).toHaveAttribute("href", "/account/orders/42");
    expect(row).toHaveTextContent("Nov 30, 2026");
    expect(row).toHaveTextContent("3 items");
    expect(row).toHaveTextContent("€37.50");
    expect(row).toHaveTextContent("Paid");
    const other = screen.getByRole("link", { name: /Order #41/ }).closest("li")!;
    expect(other).toHaveTextContent("2 items");
    expect(other).toHaveTextContent("Pending");
    expect(screen.queryByRole("navigation", { name: "Order pages" })).not.toBeInTheDocument();
    await waitFor(() => {
      expect(document.title).toBe("Your orders · Test Shop");
    });
  });

  test("comes ten at a time", async () => {
    backend.orders = Array.from({ length: 12 }, (_, index) => anOrder({ id: 100 - index }));
    const { router, user } = renderApp("/account/orders", { user: 7 });
    await screen.findByRole("link", { name: /Order #100/ });
    expect(screen.getAllByRole("link", { name: /^Order #/ })).toHaveLength(10);

    await user.click(screen.getByRole("link", { name: "Page 2" }));

    expect(router.state.location.search).toBe("?page=2");
    expect(await screen.findByRole("link", { name: /Order #89/ })).toBeInTheDocument();
    expect(screen.getAllByRole("link", { name: /^Order #/ })).toHaveLength(2);
    expect(requestsTo("GET", "/orders/detailed").at(-1)?.search).toBe("?skip=10&limit=10");

    await user.click(screen.getByRole("link", { name: "Page 1" }));
    expect(router.state.location.search).toBe("");
  });

  test("no orders yet", async () => {
    renderApp("/account/orders", { user: 7 });
    expect(await screen.findByText("No orders yet")).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Start shopping" })).toHaveAttribute("href", "/");
  });

  test("when the orders cannot be loaded, Try again recovers", async () => {
    backend.orders = [anOrder()];
    server.use(
      http.get("/orders/detailed", () => error(500, "internal_error", "Internal server error"), {
        once: true,
      }),
    );
    const { user } = renderApp("/account/orders", { user: 7 });
    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("Your orders could not be loaded");
    await user.click(within(alert).getByRole("button", { name: "Try again" }));
    expect(await screen.findByRole("link", { name: /Order #41/ })).toBeInTheDocument();
  });
});

describe("an order", () => {
  test("shows its lines, total, address, note and history", async () => {
    backend.orders = [paidOrder()];
    renderApp("/account/orders/42", { user: 7 });

    expect(await screen.findByRole("heading", { name: "Order #42" })).toBeInTheDocument();
    await waitFor(() => {
      expect(document.title).toBe("Order #42 · Test Shop");
    });
    const table = screen.getByRole("table", { name: "Products in order #42" });
    const rows = within(table).getAllByRole("row");
    expect(rows.map((row) => row.textContent)).toEqual([
      "ProductPriceQuantityTotal",
      "Sencha€12.502€25.00",
      "Matcha€12.501€12.50",
      "Order total€37.50",
    ]);
    expect(within(table).getByRole("link", { name: "Sencha" })).toHaveAttribute(
      "href",
      "/product/1",
    );
    const address = screen.getByRole("region", { name: "Shipping address" });
    expect(within(address).getByText(/^Carla Doe/).textContent).toBe(
      "Carla Doe\nMain Street 1\n10115 Berlin\nGermany",
    );
    expect(screen.getByText("Leave it at the door.")).toBeInTheDocument();
    const history = screen.getByRole("region", { name: "Status" });
    const steps = within(history).getAllByRole("listitem");
    expect(steps).toHaveLength(2);
    expect(steps[0]).toHaveTextContent(/^PlacedNov 30, 2026, 10:00\sAM$/);
    expect(steps[1]).toHaveTextContent(/^PaidNov 30, 2026, 11:15\sAM$/);
    // Only a pending order can be cancelled.
    expect(screen.queryByRole("button", { name: "Cancel order" })).not.toBeInTheDocument();
  });

  test("an order without an address says so", async () => {
    backend.orders = [anOrder({ shipping_address: null })];
    renderApp("/account/orders/41", { user: 7 });
    expect(await screen.findByText("No address given")).toBeInTheDocument();
    expect(screen.queryByRole("heading", { name: "Your note" })).not.toBeInTheDocument();
  });

  test("a pending order can be cancelled, after confirming", async () => {
    backend.orders = [anOrder({ id: 41, status: "pending" })];
    const { user } = renderApp("/account/orders/41", { user: 7 });

    await user.click(await screen.findByRole("button", { name: "Cancel order" }));
    const question = screen.getByRole("group", {
      name: "Cancel this order? Its products go back on sale and it cannot be undone.",
    });
    await user.click(within(question).getByRole("button", { name: "Keep order" }));
    expect(screen.queryByRole("group")).not.toBeInTheDocument();
    expect(backend.orders[0]?.status).toBe("pending");

    await user.click(screen.getByRole("button", { name: "Cancel order" }));
    await user.click(screen.getByRole("button", { name: "Yes, cancel order" }));

    const history = screen.getByRole("region", { name: "Status" });
    expect(await within(history).findByText("Cancelled")).toBeInTheDocument();
    expect(backend.orders[0]?.status).toBe("cancelled");
    expect(screen.queryByRole("button", { name: "Cancel order" })).not.toBeInTheDocument();
    expect(screen.queryByRole("alert")).not.toBeInTheDocument();
  });

  test("an order that moved on meanwhile cannot be cancelled, and says why", async () => {
    backend.orders = [anOrder({ id: 41, status: "pending" })];
    const { user } = renderApp("/account/orders/41", { user: 7 });
    await user.click(await screen.findByRole("button", { name: "Cancel order" }));
    backend.orders[0]!.status = "shipped"; // the shop shipped it in the meantime

    await user.click(screen.getByRole("button", { name: "Yes, cancel order" }));

    expect(await screen.findByRole("alert")).toHaveTextContent(
      "An order that is shipped cannot become cancelled",
    );
    await waitFor(() => {
      expect(screen.queryByRole("button", { name: "Yes, cancel order" })).not.toBeInTheDocument();
    });
    expect(screen.getByText("Shipped", { selector: ".status" })).toBeInTheDocument();
  });

  test("someone else's order, or none, is not found", async () => {
    backend.orders = [anOrder({ id: 41, user_id: 99 })];
    renderApp("/account/orders/41", { user: 7 });

    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("Order not found");
    expect(within(alert).queryByRole("button", { name: "Try again" })).not.toBeInTheDocument();
    expect(screen.getByRole("link", { name: "All your orders" })).toHaveAttribute(
      "href",
      "/account/orders",
    );
  });

  test("when the order cannot be loaded, Try again recovers", async () => {
    backend.orders = [anOrder({ id: 41 })];
    server.use(
      http.get("/orders/{order_id}", () => error(500, "internal_error", "Internal server error"), {
        once: true,
      }),
    );
    const { user } = renderApp("/account/orders/41", { user: 7 });
    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("The order could not be loaded");
    await user.click(within(alert).getByRole("button", { name: "Try again" }));
    expect(await screen.findByRole("button", { name: "Cancel order" })).toBeInTheDocument();
  });

  test.each(["abc", "0", "41x"])("/account/orders/%s is a page not found", async (id) => {
    renderApp(`/account/orders/${id}`, { user: 7 });
    expect(await screen.findByRole("heading", { name: "Page not found" })).toBeInTheDocument();
    expect(requestsTo("GET", `/orders/${id}`)).toEqual([]);
  });
});

describe("the confirmation", () => {
  test("thanks the customer with the order's number, total and lines", async () => {
    backend.orders = [paidOrder()];
    const { router, user } = renderApp("/checkout/confirmation/42", { user: 7 });

    expect(
      await screen.findByRole("heading", { name: "Thank you for your order" }),
    ).toBeInTheDocument();
    expect(screen.getByText(/Your order number is/)).toHaveTextContent("#42");
    expect(await screen.findByText(/We have received your order of/)).toHaveTextContent("€37.50");
    expect(screen.getByRole("table", { name: "Products in order #42" })).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Continue shopping" })).toHaveAttribute("href", "/");

    await user.click(screen.getByRole("link", { name: "View order" }));
    expect(await screen.findByRole("heading", { name: "Order #42" })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe("/account/orders/42");
  });

  test("when the order cannot be loaded, Try again recovers", async () => {
    backend.orders = [anOrder({ id: 41 })];
    server.use(
      http.get("/orders/{order_id}", () => error(500, "internal_error", "Internal server error"), {
        once: true,
      }),
    );
    const { user } = renderApp("/checkout/confirmation/41", { user: 7 });
    const alert = await screen.findByRole("alert");
    await user.click(within(alert).getByRole("button", { name: "Try again" }));
    expect(await screen.findByText(/We have received your order of/)).toBeInTheDocument();
  });

  test("a confirmation address that names no order is a page not found", async () => {
    renderApp("/checkout/confirmation/none", { user: 7 });
    expect(await screen.findByRole("heading", { name: "Page not found" })).toBeInTheDocument();
  });
});
