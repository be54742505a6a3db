import { waitFor, within } from "@testing-library/react";
import type { UserEvent } from "@testing-library/user-event";
import { getResponse, HttpResponse } from "msw";

import type { CartItem } from "@/lib/cart";

import { aProduct } from "@/testing/data";
import { http } from "@/testing/http";
import { server } from "@/testing/setup-tests";
import { backend, error, handlers, requestsTo } from "@/testing/shop-backend";
import { aCartItem, aGate, renderApp, screen } from "@/testing/test-utils";

const sencha = aCartItem({ productId: 1, name: "Sencha", price: "12.50", quantity: 2, stock: 5 });
const matcha = aCartItem({ productId: 2, name: "Matcha", price: "24.00", quantity: 1, stock: 5 });

beforeEach(() => {
  backend.products = [
    aProduct({ id: 1, name: "Sencha", price: "12.50", stock: 5 }),
    aProduct({ id: 2, name: "Matcha", price: "24.00", stock: 5 }),
  ];
});

async function openCheckout(cart: CartItem[] = [sencha, matcha]) {
  const view = renderApp("/checkout", { user: 7, cart });
  await screen.findByRole("heading", { name: "Checkout" });
  return view;
}

async function fill(user: UserEvent, label: string, text: string) {
  const field = screen.getByLabelText<HTMLInputElement>(label);
  if (field.value) await user.clear(field);
  await user.click(field);
  await user.paste(text);
}

async function fillAddress(user: UserEvent) {
  await fill(user, "Full name", "Carla Doe");
  await fill(user, "Street and number", "Main Street 1");
  await fill(user, "Postal code", "10115");
  await fill(user, "City", "Berlin");
  await fill(user, "Country", "Germany");
}

function placeOrderButton(): HTMLElement {
  return screen.getByRole("button", { name: /^(Place|Placing) order/ });
}

/** The order line showing `name`. */
function line(name: string): HTMLElement {
  return screen.getByRole("link", { name }).closest("li")!;
}

test("checkout is for customers who have logged in", async () => {
  const { router } = renderApp("/checkout", { cart: [sencha] });
  expect(await screen.findByRole("heading", { name: "Log in" })).toBeInTheDocument();
  expect(router.state.location.pathname).toBe("/login");
  expect(router.state.location.search).toBe("?next=%2Fcheckout");
});

test("the order to confirm: the cart's lines and total", async () => {
  await openCheckout();
  const summary = screen.getByRole("region", { name: "Your order" });
  expect(within(summary).getByRole("link", { name: "Sencha" })).toBeInTheDocument();
  expect(within(summary).getByText(/^Total \(/).parentElement).toHaveTextContent(
    "Total (3 items)€49.00",
  );
  await waitFor(() => {
    expect(document.title).toBe("Checkout · Test Shop");
  });
});

test("an empty cart has nothing to check out", async () => {
  renderApp("/checkout", { user: 7, cart: [] });
  expect(await screen.findByText("Your cart is empty")).toBeInTheDocument();
  expect(screen.queryByRole("button", { name: "Place order" })).not.toBeInTheDocument();
});

test("the address must be complete", async () => {
  const { user } = await openCheckout();
  await user.click(placeOrderButton());

  expect(screen.getByRole("alert")).toHaveTextContent("Please complete the shipping address.");
  const expected: [string, string][] = [
    ["Full name", "Enter the recipient's name."],
    ["Street and number", "Enter the street and house number."],
    ["Postal code", "Enter the postal code."],
    ["City", "Enter the city."],
    ["Country", "Enter the country."],
  ];
  for (const [label, message] of expected) {
    const field = screen.getByLabelText(label);
    expect(field).toBeInvalid();
    expect(field).toHaveAccessibleDescription(message);
  }
  expect(screen.getByLabelText("Phone (optional)")).toBeValid();
  expect(requestsTo("POST", "/orders/")).toEqual([]);
});

test("a phone number, if given, must look like one", async () => {
  const { user } = await openCheckout();
  await fillAddress(user);
  await fill(user, "Phone (optional)", "call me");
  await user.click(placeOrderButton());

  expect(screen.getByLabelText("Phone (optional)")).toHaveAccessibleDescription(
    "Enter a phone number of digits, spaces and + ( ) - /.",
  );
  expect(screen.getByLabelText("Full name")).toBeValid();
  expect(requestsTo("POST", "/orders/")).toEqual([]);
});

test("placing an order shows its confirmation and empties the cart", async () => {
  const { router, user } = await openCheckout();
  await fillAddress(user);
  await fill(user, "Phone (optional)", "+49 30 1234567");
  await fill(user, "Note for the shop (optional)", "Leave it with the neighbours.");
  await user.click(placeOrderButton());

  expect(
    await screen.findByRole("heading", { name: "Thank you for your order" }),
  ).toBeInTheDocument();
  expect(router.state.location.pathname).toBe("/checkout/confirmation/41");
  expect(screen.getByText(/Your order number is/)).toHaveTextContent("Your order number is #41.");
  expect(await screen.findByText(/We have received your order of/)).toHaveTextContent("€49.00");
  expect(screen.getByRole("link", { name: "Cart" })).toBeInTheDocument(); // no count: empty
  expect(JSON.parse(localStorage.getItem("webshop.cart") ?? "null")).toEqual([]);

  expect(backend.orders).toHaveLength(1);
  expect(backend.orders[0]).toMatchObject({
    shipping_address: "Carla Doe\nMain Street 1\n10115 Berlin\nGermany\nPhone: +49 30 1234567",
    note: "Leave it with the neighbours.",
    items: [
      expect.objectContaining({ product_id: 1, quantity: 2 }),
      expect.objectContaining({ product_id: 2, quantity: 1 }),
    ],
  });
  // The next checkout starts from a clean address.
  expect(sessionStorage.getItem("webshop.checkout-address")).toBeNull();
});

test("a retry after a network failure places the same order once", async () => {
  let first = true;
  server.use(
    http.post("/orders/", async ({ request, response }) => {
      if (!first) return undefined;
      first = false;
      // The shop places the order, but its answer never arrives.
      await getResponse(handlers, request);
      return response.untyped(HttpResponse.error());
    }),
  );
  const { user } = await openCheckout();
  await fillAddress(user);
  await user.click(placeOrderButton());

  expect(await screen.findByRole("alert")).toHaveTextContent(
    "Could not reach the shop. Check your connection and try again.",
  );
  expect(placeOrderButton()).toBeEnabled();
  await user.click(placeOrderButton());

  expect(
    await screen.findByRole("heading", { name: "Thank you for your order" }),
  ).toBeInTheDocument();
  const keys = requestsTo("POST", "/orders/").map((r) => r.idempotencyKey);
  expect(keys).toHaveLength(2);
  expect(keys[0]).toMatch(/^[0-9a-f]{32}$/);
  expect(keys[1]).toBe(keys[0]);
  expect([...backend.placedKeys.keys()]).toEqual([keys[0]]);
  expect(backend.orders).toHaveLength(1);
});

test("a changed order is a new attempt with a new key", async () => {
  server.use(
    http.post("/orders/", ({ response }) => response.untyped(HttpResponse.error()), { once: true }),
  );
  const { user } = await openCheckout();
  await fillAddress(user);
  await user.click(placeOrderButton());
  await screen.findByRole("alert");

  await fill(user, "City", "Hamburg");
  await user.click(placeOrderButton());

  expect(
    await screen.findByRole("heading", { name: "Thank you for your order" }),
  ).toBeInTheDocument();
  const [firstKey, secondKey] = requestsTo("POST", "/orders/").map((r) => r.idempotencyKey);
  expect(secondKey).not.toBe(firstKey);
  expect(backend.orders[0]?.shipping_address).toContain("Hamburg");
});

test("a session that ended at checkout: log in again, and the same order is placed once", async () => {
  const { router, user } = await openCheckout();
  await screen.findByRole("link", { name: "Sencha" });
  await fillAddress(user);
  backend.accessTokens.clear(); // the session ended elsewhere
  backend.sessionUserId = null;

  await user.click(placeOrderButton());

  expect(await screen.findByRole("heading", { name: "Log in" })).toBeInTheDocument();
  expect(router.state.location.search).toBe("?next=%2Fcheckout");
  await user.type(screen.getByLabelText("Email or username"), "carla");
  await user.type(screen.getByLabelText("Password"), "correct-horse");
  await user.click(screen.getByRole("button", { name: "Log in" }));

  expect(await screen.findByRole("heading", { name: "Checkout" })).toBeInTheDocument();
  expect(screen.getByLabelText("Street and number")).toHaveValue("Main Street 1");
  await user.click(placeOrderButton());

  expect(
    await screen.findByRole("heading", { name: "Thank you for your order" }),
  ).toBeInTheDocument();
  const keys = requestsTo("POST", "/orders/").map((r) => r.idempotencyKey);
  expect(keys).toHaveLength(2); // refused (401, and the refresh failed), then placed
  expect(new Set(keys).size).toBe(1);
  expect(backend.orders).toHaveLength(1);
});

test("a double click places one order", async () => {
  const { user } = await openCheckout();
  await fillAddress(user);
  await user.dblClick(placeOrderButton());

  expect(
    await screen.findByRole("heading", { name: "Thank you for your order" }),
  ).toBeInTheDocument();
  expect(requestsTo("POST", "/orders/")).toHaveLength(1);
  expect(backend.orders).toHaveLength(1);
});

test("while the order is placed, the button says so and cannot be pressed", async () => {
  const gate = aGate();
  server.use(http.post("/orders/", () => gate.wait));
  const { user } = await openCheckout();
  await fillAddress(user);
  await user.click(placeOrderButton());

  expect(placeOrderButton()).toHaveTextContent("Placing order…");
  expect(placeOrderButton()).toBeDisabled();
  gate.open();
  expect(
    await screen.findByRole("heading", { name: "Thank you for your order" }),
  ).toBeInTheDocument();
});

test("when stock ran out meanwhile, exactly the short lines are marked", async () => {
  const { user } = await openCheckout();
  await screen.findByRole("link", { name: "Sencha" });
  await fillAddress(user);
  backend.products[0]!.stock = 1; // someone else bought Sencha in the meantime

  await user.click(placeOrderButton());

  expect(await screen.findByText(/^Some products are not available/)).toHaveTextContent(
    "Some products are not available in the quantity you chose. Adjust the marked lines, then place your order again.",
  );
  expect(await within(line("Sencha")).findByText(/Only 1 left/)).toBeInTheDocument();
  expect(within(line("Matcha")).queryByRole("alert")).not.toBeInTheDocument();
  expect(placeOrderButton()).toBeDisabled();
  expect(screen.getByText("Fix the marked lines to place your order.")).toBeInTheDocument();
  expect(backend.orders).toEqual([]);

  await user.click(within(line("Sencha")).getByRole("button", { name: "Change to 1" }));
  expect(placeOrderButton()).toBeEnabled();
  await user.click(placeOrderButton());

  expect(
    await screen.findByRole("heading", { name: "Thank you for your order" }),
  ).toBeInTheDocument();
  expect(backend.orders[0]?.items).toEqual([
    expect.objectContaining({ product_id: 1, quantity: 1 }),
    expect.objectContaining({ product_id: 2, quantity: 1 }),
  ]);
});

test("a line the shop refused is marked until fresh stock figures explain it", async () => {
  const gate = aGate();
  const { user } = await openCheckout();
  await screen.findByRole("link", { name: "Sencha" });
  await fillAddress(user);
  server.use(
    http.post("/orders/", () =>
      error(409, "out_of_stock", "Not enough stock for product(s): 2", { product_ids: [2] }),
    ),
    // The stock figures arrive late.
    http.get("/products/{product_id}", () => gate.wait),
  );
  await user.click(placeOrderButton());

  expect(await within(line("Matcha")).findByRole("alert")).toHaveTextContent(
    "Not enough in stock: checking how many are left…",
  );
  expect(within(line("Sencha")).queryByRole("alert")).not.toBeInTheDocument();
  backend.products[1]!.stock = 0;
  gate.open();
  expect(
    await within(line("Matcha")).findByText("Sold out: remove it to continue."),
  ).toBeInTheDocument();
});

test("a product no longer sold is marked", async () => {
  const { user } = await openCheckout();
  await screen.findByRole("link", { name: "Sencha" });
  await fillAddress(user);
  backend.products = [backend.products[1]!]; // Sencha was taken off the shelves

  await user.click(placeOrderButton());

  expect(await within(line("Sencha")).findByText(/No longer available/)).toBeInTheDocument();
  expect(within(line("Matcha")).queryByRole("alert")).not.toBeInTheDocument();
  expect(screen.getByText(/^Some products are not available/)).toBeInTheDocument();
});

test("the shop's own word on the address is shown", async () => {
  server.use(
    http.post("/orders/", () =>
      error(422, "validation_error", "Invalid shipping_address: too long", {
        errors: [
          { loc: ["body", "shipping_address"], msg: "The address is too long", type: "too_long" },
        ],
      }),
    ),
  );
  const { user } = await openCheckout();
  await fillAddress(user);
  await user.click(placeOrderButton());
  expect(await screen.findByRole("alert")).toHaveTextContent("The address is too long");
});

test("a validation error about something else shows the shop's summary", async () => {
  server.use(
    http.post("/orders/", () =>
      error(422, "validation_error", "Invalid note: too long", {
        errors: [{ loc: ["body", "note"], msg: "too long", type: "too_long" }],
      }),
    ),
  );
  const { user } = await openCheckout();
  await fillAddress(user);
  await user.click(placeOrderButton());
  expect(await screen.findByRole("alert")).toHaveTextContent("Invalid note: too long");
});

test("the address being typed survives leaving and coming back", async () => {
  const first = await openCheckout();
  await fill(first.user, "Full name", "Carla Doe");
  await fill(first.user, "City", "Berlin");
  await fill(first.user, "Note for the shop (optional)", "Ring twice");
  first.unmount();

  await openCheckout();
  expect(screen.getByLabelText("Full name")).toHaveValue("Carla Doe");
  expect(screen.getByLabelText("City")).toHaveValue("Berlin");
  expect(screen.getByLabelText("Note for the shop (optional)")).toHaveValue("Ring twice");
  expect(screen.getByLabelText("Street and number")).toHaveValue("");
});

test("a damaged address draft is ignored", async () => {
  sessionStorage.setItem("webshop.checkout-address", JSON.stringify({ name: 7, city: "Oslo" }));
  const first = await openCheckout();
  expect(screen.getByLabelText("Full name")).toHaveValue("");
  expect(screen.getByLabelText("City")).toHaveValue("Oslo");
  first.unmount();

  sessionStorage.setItem("webshop.checkout-address", "{broken");
  await openCheckout();
  expect(screen.getByLabelText("City")).toHaveValue("");
});

test("a reload keeps the attempt's key", async () => {
  server.use(
    http.post("/orders/", ({ response }) => response.untyped(HttpResponse.error()), { once: true }),
  );
  const first = await openCheckout();
  await fillAddress(first.user);
  await first.user.click(placeOrderButton());
  await screen.findByRole("alert");
  first.unmount();

  const { user } = await openCheckout();
  await user.click(placeOrderButton());
  expect(
    await screen.findByRole("heading", { name: "Thank you for your order" }),
  ).toBeInTheDocument();
  const keys = requestsTo("POST", "/orders/").map((r) => r.idempotencyKey);
  expect(keys[1]).toBe(keys[0]);
});

test("after an order, the next checkout is a new attempt", async () => {
  const first = await openCheckout();
  await fillAddress(first.user);
  await first.user.click(placeOrderButton());
  await screen.findByRole("heading", { name: "Thank you for your order" });
  first.unmount();

  const { user } = await openCheckout();
  await fillAddress(user);
  await user.click(placeOrderButton());
  await screen.findByRole("heading", { name: "Thank you for your order" });

  await waitFor(() => {
    expect(backend.orders).toHaveLength(2);
  });
  expect(backend.placedKeys.size).toBe(2);
});
