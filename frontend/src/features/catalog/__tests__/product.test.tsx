import { waitFor, within } from "@testing-library/react";

import { aProduct } from "@/testing/data";
import { http } from "@/testing/http";
import { server } from "@/testing/setup-tests";
import { backend, error, requestsTo } from "@/testing/shop-backend";
import { aCartItem, renderApp, screen } from "@/testing/test-utils";

const sencha = () =>
  aProduct({
    id: 1,
    name: "Sencha",
    description: "A grassy green tea from Shizuoka.",
    price: "12.50",
    stock: 4,
    category: "green tea",
    average_rating: 4.5,
    review_count: 2,
  });

test("a product page shows the product", async () => {
  backend.products = [sencha()];
  renderApp("/product/1");

  expect(await screen.findByRole("heading", { level: 1, name: "Sencha" })).toBeInTheDocument();
  expect(screen.getByText("A grassy green tea from Shizuoka.")).toBeInTheDocument();
  expect(screen.getByText("€12.50")).toBeInTheDocument();
  expect(screen.getByText("Only 4 left")).toBeInTheDocument();
  expect(screen.getByRole("img", { name: "Sencha" })).toHaveAttribute("src", "/media/1.png");
  expect(
    screen.getByRole("img", { name: "Rated 4.5 out of 5 from 2 reviews" }),
  ).toBeInTheDocument();
  expect(screen.getByRole("link", { name: "green tea" })).toHaveAttribute(
    "href",
    "/?category=green%20tea",
  );
  await waitFor(() => {
    expect(document.title).toBe("Sencha · Test Shop");
  });
});

test("adding to the cart, as many as are in stock", async () => {
  backend.products = [sencha()];
  const { user } = renderApp("/product/1");
  await screen.findByRole("heading", { level: 1, name: "Sencha" });
  const more = screen.getByRole("button", { name: "Increase quantity" });

  for (let click = 0; click < 3; click++) await user.click(more);
  expect(screen.getByLabelText("Quantity")).toHaveValue(4);
  expect(more).toBeDisabled();
  await user.click(screen.getByRole("button", { name: "Add to cart" }));

  expect(screen.getByText(/Added 4 to your cart/)).toBeInTheDocument();
  expect(screen.getByRole("link", { name: "View cart" })).toHaveAttribute("href", "/cart");
  expect(screen.getByRole("link", { name: "Cart 4 items" })).toBeInTheDocument();
  // Everything in stock is in the cart now.
  expect(screen.getByRole("button", { name: "Add to cart" })).toBeDisabled();
  expect(screen.getByLabelText("Quantity")).toBeDisabled();
});

test("what is already in the cart counts against the stock", async () => {
  backend.products = [sencha()];
  const { user } = renderApp("/product/1", {
    cart: [aCartItem({ productId: 1, name: "Sencha", quantity: 3, stock: 4 })],
  });
  await screen.findByRole("heading", { level: 1, name: "Sencha" });

  expect(screen.getByLabelText("Quantity")).toHaveAttribute("max", "1");
  expect(screen.getByRole("button", { name: "Increase quantity" })).toBeDisabled();
  await user.click(screen.getByRole("button", { name: "Add to cart" }));

  expect(screen.getByText(/Added 1 to your cart/)).toBeInTheDocument();
  expect(screen.getByRole("link", { name: "Cart 4 items" })).toBeInTheDocument();
});

test("when all the stock is in the cart, the page says so", async () => {
  backend.products = [sencha()];
  renderApp("/product/1", { cart: [aCartItem({ productId: 1, quantity: 4, stock: 4 })] });

  expect(await screen.findByText("All available items are in your cart.")).toBeInTheDocument();
  expect(screen.getByRole("button", { name: "Add to cart" })).toBeDisabled();
});

test("a sold-out product cannot be added", async () => {
  backend.products = [aProduct({ id: 1, name: "Sencha", stock: 0 })];
  renderApp("/product/1");

  expect(await screen.findByText("This product is sold out for now.")).toBeInTheDocument();
  expect(screen.getByText("Sold out")).toBeInTheDocument();
  expect(screen.queryByRole("button", { name: "Add to cart" })).not.toBeInTheDocument();
});

test("a product with no picture, category or description still shows", async () => {
  backend.products = [
    aProduct({ id: 1, name: "Mystery", image_url: null, category: null, description: "" }),
  ];
  renderApp("/product/1");
  expect(await screen.findByRole("heading", { level: 1, name: "Mystery" })).toBeInTheDocument();
  expect(screen.getByRole("img", { name: "Mystery" })).toBeInTheDocument();
  expect(screen.getByText("No reviews yet", { selector: ".rating" })).toBeInTheDocument();
});

test("an unknown product is a page not found", async () => {
  renderApp("/product/99");
  expect(await screen.findByRole("heading", { name: "Page not found" })).toBeInTheDocument();
  expect(screen.getByRole("link", { name: "Go to the catalog" })).toHaveAttribute("href", "/");
  await waitFor(() => {
    expect(document.title).toBe("Page not found · Test Shop");
  });
});

test("a product that is no longer sold is a page not found", async () => {
  backend.products = [aProduct({ id: 1, is_active: false })];
  renderApp("/product/1");
  expect(await screen.findByRole("heading", { name: "Page not found" })).toBeInTheDocument();
});

test.each(["abc", "0", "-1", "1.5", "99999999999"])(
  "/product/%s is a page not found, without asking the shop",
  async (id) => {
    renderApp(`/product/${id}`);
    expect(await screen.findByRole("heading", { name: "Page not found" })).toBeInTheDocument();
    expect(backend.requests.filter((r) => r.path.startsWith("/products/"))).toEqual([]);
  },
);

test("when the product cannot be loaded, Try again recovers", async () => {
  server.use(
    http.get("/products/{product_id}", () => error(503, "internal_error", "Try later"), {
      once: true,
    }),
  );
  const { user } = renderApp("/product/1");

  const alert = await screen.findByRole("alert");
  expect(alert).toHaveTextContent("The product could not be loaded");
  await user.click(within(alert).getByRole("button", { name: "Try again" }));

  expect(await screen.findByRole("heading", { level: 1, name: "Product 1" })).toBeInTheDocument();
  expect(requestsTo("GET", "/products/1")).toHaveLength(2);
});
