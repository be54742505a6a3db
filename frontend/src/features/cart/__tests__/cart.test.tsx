import { waitFor, within } from "@testing-library/react";

import { aProduct } from "@/testing/data";
import { http } from "@/testing/http";
import { server } from "@/testing/setup-tests";
import { backend, error } from "@/testing/shop-backend";
import type { CartItem } from "@/lib/cart";

import { aCartItem, aGate, renderApp, screen } from "@/testing/test-utils";

const sencha = aCartItem({ productId: 1, name: "Sencha", price: "12.50", quantity: 2, stock: 10 });
const matcha = aCartItem({ productId: 2, name: "Matcha", price: "0.10", quantity: 3, stock: 10 });

beforeEach(() => {
  backend.products = [
    aProduct({ id: 1, name: "Sencha", price: "12.50", stock: 10 }),
    aProduct({ id: 2, name: "Matcha", price: "0.10", stock: 10 }),
  ];
});

/** The cart line showing `name`. */
function line(name: string): HTMLElement {
  return screen.getByRole("link", { name }).closest("li")!;
}

function total(): HTMLElement {
  return screen.getByText(/^Total \(/).parentElement!;
}

/** The cart page, once its code has arrived. */
async function openCart(cart: CartItem[] = []) {
  const view = renderApp("/cart", { cart });
  await screen.findByRole("heading", { name: "Your cart" });
  return view;
}

async function checkoutReady(): Promise<HTMLElement> {
  return screen.findByRole("link", { name: "Checkout" });
}

test("the cart lists each line with its price, quantity and total", async () => {
  await openCart([sencha, matcha]);

  expect(await checkoutReady()).toHaveAttribute("href", "/checkout");
  expect(screen.getByRole("heading", { name: "Your cart" })).toBeInTheDocument();
  expect(screen.getByRole("link", { name: "Sencha" })).toHaveAttribute("href", "/product/1");
  expect(line("Sencha")).toHaveTextContent("€12.50 each");
  expect(within(line("Sencha")).getByLabelText("Quantity of Sencha")).toHaveValue(2);
  expect(line("Sencha")).toHaveTextContent("€25.00");
  expect(line("Matcha")).toHaveTextContent("€0.30");
  expect(total()).toHaveTextContent("Total (5 items)€25.30");
  await waitFor(() => {
    expect(document.title).toBe("Cart · Test Shop");
  });
});

test("changing a quantity changes the totals", async () => {
  const { user } = await openCart([sencha, matcha]);
  await checkoutReady();

  await user.click(screen.getByRole("button", { name: "Increase quantity of sencha" }));

  expect(screen.getByLabelText("Quantity of Sencha")).toHaveValue(3);
  expect(line("Sencha")).toHaveTextContent("€37.50");
  expect(total()).toHaveTextContent("Total (6 items)€37.80");
  expect(screen.getByRole("link", { name: "Cart 6 items" })).toBeInTheDocument();
});

test("a quantity can be typed", async () => {
  const { user } = await openCart([sencha, matcha]);
  await checkoutReady();
  const quantity = screen.getByLabelText("Quantity of Sencha");

  await user.click(quantity);
  await user.keyboard("{Backspace}5");

  expect(quantity).toHaveValue(5);
  expect(line("Sencha")).toHaveTextContent("€62.50");
  expect(total()).toHaveTextContent("Total (8 items)€62.80");
});

test("a line can be removed", async () => {
  const { user } = await openCart([sencha, matcha]);
  await checkoutReady();

  await user.click(screen.getByRole("button", { name: "Remove Sencha" }));

  expect(screen.queryByRole("link", { name: "Sencha" })).not.toBeInTheDocument();
  expect(await screen.findByText(/^Total \(/)).toBeInTheDocument();
  expect(total()).toHaveTextContent("Total (3 items)€0.30");
});

test("emptying the cart", async () => {
  const { user } = await openCart([sencha, matcha]);
  await checkoutReady();

  await user.click(screen.getByRole("button", { name: "Empty cart" }));

  expect(screen.getByText("Your cart is empty")).toBeInTheDocument();
  expect(screen.getByRole("link", { name: "Browse the catalog" })).toHaveAttribute("href", "/");
  expect(JSON.parse(localStorage.getItem("webshop.cart") ?? "null")).toEqual([]);
});

test("an empty cart says so and asks nothing of the shop", async () => {
  await openCart();
  expect(await screen.findByText("Your cart is empty")).toBeInTheDocument();
  expect(backend.requests.filter((r) => r.path.startsWith("/products/"))).toEqual([]);
});

test("while prices and stock are checked, checkout waits", async () => {
  const gate = aGate();
  server.use(http.get("/products/{product_id}", () => gate.wait));
  await openCart([sencha]);
  expect(screen.getByText("Checking prices and stock…")).toBeInTheDocument();
  expect(screen.getByRole("button", { name: "Checkout" })).toBeDisabled();
  gate.open();
  expect(await checkoutReady()).toBeInTheDocument();
});

test("a product no longer sold is flagged and blocks checkout", async () => {
  backend.products = [backend.products[1]!]; // Sencha is gone: 404
  await openCart([sencha, matcha]);

  expect(await within(line("Sencha")).findByRole("alert")).toHaveTextContent(
    "No longer available: remove it to continue.",
  );
  expect(within(line("Matcha")).queryByRole("alert")).not.toBeInTheDocument();
  expect(screen.getByText("1 line needs your attention before checkout.")).toBeInTheDocument();
  expect(screen.getByRole("button", { name: "Checkout" })).toBeDisabled();
});

test("removing the problem line unblocks checkout", async () => {
  backend.products = [backend.products[1]!];
  const { user } = await openCart([sencha, matcha]);
  await within(line("Sencha")).findByRole("alert");

  await user.click(screen.getByRole("button", { name: "Remove Sencha" }));

  expect(await checkoutReady()).toBeInTheDocument();
});

test("a sold-out product is flagged", async () => {
  backend.products[0]!.stock = 0;
  await openCart([sencha, matcha]);
  expect(await within(line("Sencha")).findByRole("alert")).toHaveTextContent(
    "Sold out: remove it to continue.",
  );
  expect(screen.getByRole("button", { name: "Checkout" })).toBeDisabled();
});

test("a line with more than is left can be changed to what is left", async () => {
  backend.products[0]!.stock = 1;
  backend.products[1]!.stock = 2;
  const { user } = await openCart([sencha, matcha]);

  expect(await within(line("Sencha")).findByRole("alert")).toHaveTextContent(
    "Only 1 left: lower the quantity to continue.",
  );
  expect(within(line("Matcha")).getByRole("alert")).toHaveTextContent("Only 2 left");
  expect(screen.getByText("2 lines need your attention before checkout.")).toBeInTheDocument();

  await user.click(within(line("Sencha")).getByRole("button", { name: "Change to 1" }));
  expect(screen.getByLabelText("Quantity of Sencha")).toHaveValue(1);
  expect(within(line("Sencha")).queryByRole("alert")).not.toBeInTheDocument();
  expect(screen.getByRole("button", { name: "Checkout" })).toBeDisabled();

  await user.click(within(line("Matcha")).getByRole("button", { name: "Change to 2" }));
  expect(await checkoutReady()).toBeInTheDocument();
  expect(total()).toHaveTextContent("Total (3 items)€12.70");
});

test("names and prices are brought up to date from the catalog", async () => {
  backend.products[0] = aProduct({ id: 1, name: "Sencha Gold", price: "14.00", stock: 10 });
  await openCart([sencha]);

  expect(await screen.findByRole("link", { name: "Sencha Gold" })).toBeInTheDocument();
  expect(line("Sencha Gold")).toHaveTextContent("€14.00 each");
  expect(total()).toHaveTextContent("€28.00");
  await waitFor(() => {
    expect(JSON.parse(localStorage.getItem("webshop.cart") ?? "[]")).toEqual([
      expect.objectContaining({ name: "Sencha Gold", price: "14.00" }),
    ]);
  });
});

test("when stock cannot be checked, Try again checks again", async () => {
  server.use(
    http.get(
      "/products/{product_id}",
      () => error(500, "internal_error", "Internal server error"),
      {
        once: true,
      },
    ),
  );
  const { user } = await openCart([sencha]);

  const alert = await screen.findByText("Prices and stock could not be checked");
  await user.click(within(alert.parentElement!).getByRole("button", { name: "Try again" }));

  expect(await checkoutReady()).toBeInTheDocument();
  expect(screen.queryByText("Prices and stock could not be checked")).not.toBeInTheDocument();
});
