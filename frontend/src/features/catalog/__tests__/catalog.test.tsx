import { act, waitFor, within } from "@testing-library/react";

import { renderApp, screen } from "@/testing/test-utils";
import { aProduct } from "@/testing/data";
import { http } from "@/testing/http";
import { server } from "@/testing/setup-tests";
import { backend, error, requestsTo } from "@/testing/shop-backend";

const teas = () => [
  aProduct({ id: 1, name: "Sencha", price: "12.50", stock: 30, category: "tea" }),
  aProduct({ id: 2, name: "Matcha", price: "24.00", stock: 3, category: "tea" }),
  aProduct({ id: 3, name: "Hojicha", price: "9.99", stock: 0, category: "tea" }),
  aProduct({ id: 4, name: "Tea pot", price: "45.00", stock: 8, category: "teaware" }),
];

/** The product names on the page, in order. */
function shownProducts(): string[] {
  return screen.getAllByRole("heading", { level: 2 }).map((heading) => heading.textContent);
}

function resultCount(): HTMLElement {
  return screen.getByRole("status", { name: "" });
}

test("the catalog shows each product with its price and stock", async () => {
  backend.products = [
    aProduct({ id: 1, name: "Sencha", price: "12.50", stock: 30 }),
    aProduct({ id: 2, name: "Matcha", price: "24.00", stock: 3 }),
    aProduct({ id: 3, name: "Hojicha", price: "9.99", stock: 0 }),
  ];
  renderApp("/");

  expect(await screen.findByRole("heading", { name: "Sencha" })).toBeInTheDocument();
  expect(screen.getByText("€12.50")).toBeInTheDocument();
  expect(screen.getByText("Only 3 left")).toBeInTheDocument();
  expect(screen.getByText("Sold out")).toBeInTheDocument();
  expect(screen.getByRole("status", { name: "" })).toHaveTextContent("3 products");
});

test("a product card links to the product and shows its rating", async () => {
  backend.products = [aProduct({ id: 5, name: "Gyokuro", average_rating: 4.5, review_count: 2 })];
  renderApp("/");

  const link = await screen.findByRole("link", { name: "Gyokuro" });
  expect(link).toHaveAttribute("href", "/product/5");
  expect(
    screen.getByRole("img", { name: "Rated 4.5 out of 5 from 2 reviews" }),
  ).toBeInTheDocument();
  expect(resultCount()).toHaveTextContent("1 product");
  await waitFor(() => {
    expect(document.title).toBe("Test Shop");
  });
});

test("search as you type updates the address and the results", async () => {
  backend.products = teas();
  const { router, user } = renderApp("/");
  await screen.findByRole("heading", { name: "Sencha" });

  await user.type(screen.getByRole("searchbox", { name: "Search products" }), "cha");

  await waitFor(() => {
    expect(router.state.location.search).toBe("?q=cha");
  });
  await waitFor(() => {
    expect(shownProducts()).toEqual(["Sencha", "Matcha", "Hojicha"]);
  });
  expect(resultCount()).toHaveTextContent("3 products");
  await waitFor(() => {
    expect(document.title).toBe("Search: cha · Test Shop");
  });
  // One request for the whole word, not one a keystroke.
  expect(requestsTo("GET", "/products/").filter((r) => r.search.includes("q="))).toHaveLength(1);
});

test("a space typed after a word is kept while the results follow", async () => {
  backend.products = [
    aProduct({ id: 1, name: "Green tea" }),
    aProduct({ id: 2, name: "Black tea" }),
  ];
  const { router, user } = renderApp("/");
  await screen.findByRole("heading", { name: "Black tea" });
  const search = screen.getByRole("searchbox", { name: "Search products" });

  await user.type(search, "green ");
  await waitFor(() => {
    expect(shownProducts()).toEqual(["Green tea"]);
  });
  expect(search).toHaveValue("green ");
  await user.type(search, "tea");

  expect(search).toHaveValue("green tea");
  await waitFor(() => {
    expect(router.state.location.search).toBe("?q=green+tea");
  });
});

test("what is typed while the search is being applied is kept", async () => {
  const { router, user } = renderApp("/");
  await screen.findByRole("heading", { name: "Product 1" });
  const search = screen.getByRole("searchbox", { name: "Search products" });

  await user.type(search, "prod");
  await waitFor(() => {
    expect(router.state.location.search).toBe("?q=prod");
  });
  await user.type(search, "uct 2"); // before or after the page shows the search: either way

  expect(search).toHaveValue("product 2");
  await waitFor(() => {
    expect(shownProducts()).toEqual(["Product 2"]);
  });
  expect(search).toHaveValue("product 2");
});

test("the search button searches at once", async () => {
  backend.products = teas();
  const { router, user } = renderApp("/");
  await screen.findByRole("heading", { name: "Sencha" });

  await user.type(screen.getByRole("searchbox", { name: "Search products" }), "pot");
  await user.click(screen.getByRole("button", { name: "Search" }));

  expect(router.state.location.search).toBe("?q=pot");
  await waitFor(() => {
    expect(shownProducts()).toEqual(["Tea pot"]);
  });
});

test("categories with their counts filter the catalog", async () => {
  backend.products = teas();
  const { router, user } = renderApp("/");
  await screen.findByRole("heading", { name: "Sencha" });

  const all = screen.getByRole("button", { name: "All products" });
  const tea = await screen.findByRole("button", { name: "tea 3 products" });
  const teaware = screen.getByRole("button", { name: "teaware 1 products" });
  expect(all).toHaveAttribute("aria-pressed", "true");

  await user.click(teaware);

  expect(router.state.location.search).toBe("?category=teaware");
  expect(await screen.findByRole("heading", { level: 1, name: "teaware" })).toBeInTheDocument();
  expect(teaware).toHaveAttribute("aria-pressed", "true");
  expect(tea).toHaveAttribute("aria-pressed", "false");
  await waitFor(() => {
    expect(shownProducts()).toEqual(["Tea pot"]);
  });

  await user.click(all);
  expect(router.state.location.search).toBe("");
  await waitFor(() => {
    expect(shownProducts()).toHaveLength(4);
  });
});

test("a price range narrows the catalog; a lowest price above the highest is refused", async () => {
  backend.products = teas();
  const { router, user } = renderApp("/");
  await screen.findByRole("heading", { name: "Sencha" });
  const min = screen.getByLabelText("Min");
  const max = screen.getByLabelText("Max");

  await user.type(min, "20");
  await user.type(max, "10");
  expect(screen.getByRole("alert")).toHaveTextContent("The lowest price is above the highest.");
  expect(min).toHaveAttribute("aria-invalid", "true");
  await user.click(screen.getByRole("button", { name: "Apply price" }));
  expect(router.state.location.search).toBe("");

  await user.clear(max);
  await user.type(max, "30");
  expect(screen.queryByRole("alert")).not.toBeInTheDocument();
  await user.click(screen.getByRole("button", { name: "Apply price" }));

  expect(router.state.location.search).toBe("?min_price=20&max_price=30");
  await waitFor(() => {
    expect(shownProducts()).toEqual(["Matcha"]);
  });
});

test("a price field takes only an amount of money", async () => {
  const { user } = renderApp("/");
  const min = screen.getByLabelText("Min");
  await user.type(min, "1a2.3.45");
  expect(min).toHaveValue("12.34");
});

test("in stock only hides what is sold out", async () => {
  backend.products = teas();
  const { router, user } = renderApp("/");
  await screen.findByRole("heading", { name: "Hojicha" });

  await user.click(screen.getByRole("checkbox", { name: "In stock only" }));

  expect(router.state.location.search).toBe("?in_stock=1");
  await waitFor(() => {
    expect(screen.queryByRole("heading", { name: "Hojicha" })).not.toBeInTheDocument();
  });
  expect(shownProducts()).toEqual(["Sencha", "Matcha", "Tea pot"]);

  await user.click(screen.getByRole("checkbox", { name: "In stock only" }));
  expect(router.state.location.search).toBe("");
});

test("sorting orders the results", async () => {
  backend.products = teas();
  const { router, user } = renderApp("/");
  await screen.findByRole("heading", { name: "Sencha" });
  const sort = screen.getByRole("combobox", { name: "Sort by" });
  expect(sort).toHaveValue("newest");
  expect(screen.queryByRole("option", { name: "Best match" })).not.toBeInTheDocument();

  await user.selectOptions(sort, "Price: low to high");
  expect(router.state.location.search).toBe("?sort=price_asc");
  await waitFor(() => {
    expect(shownProducts()).toEqual(["Hojicha", "Sencha", "Matcha", "Tea pot"]);
  });

  await user.selectOptions(sort, "Name: A to Z");
  await waitFor(() => {
    expect(shownProducts()).toEqual(["Hojicha", "Matcha", "Sencha", "Tea pot"]);
  });
});

test("a search is sorted by best match, which makes no sense without one", async () => {
  backend.products = teas();
  const { router, user } = renderApp("/?q=cha&sort=relevance");
  const sort = await screen.findByRole("combobox", { name: "Sort by" });
  expect(sort).toHaveValue("relevance");
  expect(screen.getByRole("option", { name: "Best match" })).toBeInTheDocument();

  await user.clear(screen.getByRole("searchbox", { name: "Search products" }));
  await waitFor(() => {
    expect(router.state.location.search).toBe("");
  });
  await waitFor(() => {
    expect(sort).toHaveValue("newest");
  });
});

test("30 products make two pages", async () => {
  backend.products = Array.from({ length: 30 }, (_, index) =>
    aProduct({ id: index + 1, name: `Tea ${index + 1}` }),
  );
  const { router, user } = renderApp("/");
  expect(await screen.findByRole("heading", { name: "Tea 24" })).toBeInTheDocument();
  expect(resultCount()).toHaveTextContent("30 products");
  expect(shownProducts()).toHaveLength(24);

  const pages = screen.getByRole("navigation", { name: "Catalog pages" });
  expect(within(pages).getAllByRole("link", { name: /^Page/ })).toHaveLength(2);
  await user.click(within(pages).getByRole("link", { name: "Page 2" }));

  expect(router.state.location.search).toBe("?page=2");
  expect(await screen.findByRole("heading", { name: "Tea 30" })).toBeInTheDocument();
  expect(shownProducts()).toEqual(["Tea 25", "Tea 26", "Tea 27", "Tea 28", "Tea 29", "Tea 30"]);
  expect(screen.getByRole("link", { name: "Page 2" })).toHaveAttribute("aria-current", "page");
  expect(screen.getByRole("link", { name: "Previous page" })).toHaveAttribute("href", "/");
  expect(requestsTo("GET", "/products/").at(-1)?.search).toContain("skip=24");
});

test("a deep link restores the search, the category and the page", async () => {
  backend.products = [
    ...Array.from({ length: 26 }, (_, index) =>
      aProduct({ id: index + 1, name: `Sencha ${index + 1}`, category: "tea" }),
    ),
    aProduct({ id: 99, name: "Sencha cup", category: "teaware" }),
  ];
  renderApp("/?q=sen&category=tea&page=2");

  expect(await screen.findByRole("heading", { name: "Sencha 26" })).toBeInTheDocument();
  expect(shownProducts()).toEqual(["Sencha 25", "Sencha 26"]);
  expect(screen.getByRole("searchbox", { name: "Search products" })).toHaveValue("sen");
  expect(await screen.findByRole("button", { name: "tea 26 products" })).toHaveAttribute(
    "aria-pressed",
    "true",
  );
  expect(screen.getByRole("link", { name: "Page 2" })).toHaveAttribute("aria-current", "page");
  const sent = new URLSearchParams(requestsTo("GET", "/products/")[0]?.search);
  expect(Object.fromEntries(sent)).toEqual({
    q: "sen",
    category: "tea",
    skip: "24",
    limit: "24",
  });
});

test("nonsense in the address is ignored", async () => {
  renderApp("/?page=-3&sort=cheapest&min_price=abc&max_price=12.345");
  await screen.findByRole("heading", { name: "Product 1" });
  const sent = new URLSearchParams(requestsTo("GET", "/products/")[0]?.search);
  expect(Object.fromEntries(sent)).toEqual({ skip: "0", limit: "24" });
});

test("changing a filter goes back to the first page", async () => {
  backend.products = Array.from({ length: 30 }, (_, index) => aProduct({ id: index + 1 }));
  const { router, user } = renderApp("/?page=2");
  await screen.findByRole("heading", { name: "Product 30" });
  await user.click(screen.getByRole("checkbox", { name: "In stock only" }));
  expect(router.state.location.search).toBe("?in_stock=1");
});

test("when nothing matches, the filters can be cleared in one go", async () => {
  backend.products = teas();
  const { router, user } = renderApp("/?q=zzz&category=tea&in_stock=1&min_price=1");

  expect(await screen.findByText("No products match")).toBeInTheDocument();
  expect(resultCount()).toHaveTextContent("0 products");
  await user.click(screen.getByRole("button", { name: "Clear all filters" }));

  expect(router.state.location.search).toBe("");
  expect(await screen.findByRole("heading", { name: "Tea pot" })).toBeInTheDocument();
  expect(screen.getByRole("searchbox", { name: "Search products" })).toHaveValue("");
  expect(screen.getByLabelText("Min")).toHaveValue("");
});

test("an empty shop says so", async () => {
  backend.products = [];
  renderApp("/");
  expect(await screen.findByText("No products yet")).toBeInTheDocument();
  expect(screen.queryByRole("button", { name: "Clear all filters" })).not.toBeInTheDocument();
});

test("when the products cannot be loaded, Try again recovers", async () => {
  server.use(
    http.get("/products/", () => error(500, "internal_error", "Internal server error"), {
      once: true,
    }),
  );
  const { user } = renderApp("/");

  const alert = await screen.findByRole("alert");
  expect(alert).toHaveTextContent("The products could not be loaded");
  expect(alert).toHaveTextContent("Internal server error");
  await user.click(within(alert).getByRole("button", { name: "Try again" }));

  expect(await screen.findByRole("heading", { name: "Product 1" })).toBeInTheDocument();
  expect(screen.queryByRole("alert")).not.toBeInTheDocument();
});

test("on a small screen the filters open and close", async () => {
  const { user } = renderApp("/");
  const toggle = screen.getByRole("button", { name: "Show filters" });
  expect(toggle).toHaveAttribute("aria-expanded", "false");
  await user.click(toggle);
  expect(screen.getByRole("button", { name: "Hide filters" })).toHaveAttribute(
    "aria-expanded",
    "true",
  );
  await screen.findByRole("heading", { name: "Product 1" });
});

test("the back button brings the earlier price range back into its fields", async () => {
  const { router, user } = renderApp("/?min_price=5");
  const min = screen.getByLabelText("Min");
  expect(min).toHaveValue("5");
  await user.clear(min);
  await user.type(min, "20");
  await user.click(screen.getByRole("button", { name: "Apply price" }));
  expect(router.state.location.search).toBe("?min_price=20");

  await act(() => router.navigate(-1));

  expect(router.state.location.search).toBe("?min_price=5");
  expect(screen.getByLabelText("Min")).toHaveValue("5");
  await screen.findByRole("heading", { name: "Product 1" });
});

test("a link to another search shows that search in the box", async () => {
  const { router } = renderApp("/?q=product");
  const search = screen.getByRole("searchbox", { name: "Search products" });
  expect(search).toHaveValue("product");

  await act(() => router.navigate("/?q=2"));

  expect(search).toHaveValue("2");
  await waitFor(() => {
    expect(shownProducts()).toEqual(["Product 2"]);
  });
});
