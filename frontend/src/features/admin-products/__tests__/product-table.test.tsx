import { act, waitFor, within } from "@testing-library/react";

import { anAdmin } from "@/testing/admin/products";
import { aProduct } from "@/testing/data";
import { http } from "@/testing/http";
import { server } from "@/testing/setup-tests";
import { backend, error, requestsTo } from "@/testing/shop-backend";
import { aGate, renderApp, screen } from "@/testing/test-utils";

const catalog = () => [
  aProduct({
    id: 1,
    name: "Sencha",
    sku: "SEN-1",
    price: "12.50",
    stock: 30,
    category: "tea",
    created_at: "2026-11-01T10:00:00Z",
    updated_at: "2026-11-20T08:15:00Z",
  }),
  aProduct({
    id: 2,
    name: "Matcha",
    sku: "MAT-2",
    price: "24.00",
    stock: 3,
    category: "tea",
    created_at: "2026-11-02T10:00:00Z",
  }),
  aProduct({
    id: 3,
    name: "Hojicha",
    sku: null,
    price: "9.99",
    stock: 0,
    category: null,
    thumbnail_url: null,
    created_at: "2026-11-03T10:00:00Z",
  }),
  aProduct({
    id: 4,
    name: "Tea pot",
    sku: "POT-4",
    price: "45.00",
    stock: 8,
    category: "teaware",
    is_active: false,
    created_at: "2026-11-04T10:00:00Z",
  }),
];

/** The product names in the table, top to bottom. */
function shownNames(): string[] {
  const table = screen.getByRole("table", { name: "Products" });
  return within(table)
    .getAllByRole("row")
    .slice(1)
    .map((row) => within(row).getAllByRole("link")[0]?.textContent ?? "");
}

/** The query of the last list request the page sent. */
function lastListQuery(): URLSearchParams {
  return new URLSearchParams(requestsTo("GET", "/products/").at(-1)?.search ?? "");
}

function renderList(url = "/admin/products") {
  return renderApp(url, { user: anAdmin() });
}

// The console's lazy routes are compiled before the timed tests: on a busy machine their first
// import alone can take seconds.
beforeAll(async () => {
  await Promise.all([import("@/app/routes/admin/root"), import("@/app/routes/admin/products")]);
});

beforeEach(() => {
  backend.products = catalog();
});

test("the table shows every product with its SKU, category, price, stock and status", async () => {
  renderList();

  const link = await screen.findByRole("link", { name: "Sencha" });
  expect(link).toHaveAttribute("href", "/admin/products/1");
  expect(shownNames()).toEqual(["Tea pot", "Hojicha", "Matcha", "Sencha"]); // newest first

  const sencha = screen.getByRole("row", { name: /Sencha/ });
  expect(within(sencha).getByText("SEN-1")).toBeInTheDocument();
  expect(within(sencha).getByText("tea")).toBeInTheDocument();
  expect(within(sencha).getByText("€12.50")).toBeInTheDocument();
  expect(within(sencha).getByText("30")).toBeInTheDocument();
  expect(within(sencha).getByText("For sale")).toBeInTheDocument();
  expect(within(sencha).getByText("Nov 20, 2026, 8:15 AM")).toBeInTheDocument();

  expect(within(screen.getByRole("row", { name: /Matcha/ })).getByText("Low")).toBeInTheDocument();
  const hojicha = screen.getByRole("row", { name: /Hojicha/ });
  expect(within(hojicha).getByText("Out of stock")).toBeInTheDocument();
  expect(within(hojicha).getAllByText("—")).toHaveLength(2); // no SKU, no category
  expect(
    within(screen.getByRole("row", { name: /Tea pot/ })).getByText("Deleted"),
  ).toBeInTheDocument();

  expect(screen.getByRole("heading", { level: 1, name: "Products" })).toBeInTheDocument();
  expect(screen.getByText("4 products")).toBeInTheDocument();
  const query = lastListQuery();
  expect(query.get("include_inactive")).toBe("true");
  expect(query.get("skip")).toBe("0");
  expect(query.get("limit")).toBe("20");
  await waitFor(() => {
    expect(document.title).toBe("Products · Admin · Test Shop");
  });
});

test("what people typed is shown as text, never as markup", async () => {
  backend.products = [
    aProduct({
      id: 9,
      name: '<img src=x onerror="alert(1)">',
      sku: "<b>X</b>",
      category: "<script>alert(2)</script>",
    }),
  ];
  renderList();

  expect(
    await screen.findByRole("link", { name: '<img src=x onerror="alert(1)">' }),
  ).toBeInTheDocument();
  const row = screen.getByRole("row", { name: /img src=x/ });
  expect(within(row).getByText("<b>X</b>")).toBeInTheDocument();
  expect(within(row).getByText("<script>alert(2)</script>")).toBeInTheDocument();
  expect(screen.getByRole("option", { name: "<script>alert(2)</script>" })).toBeInTheDocument();
  expect(document.querySelector('img[src="x"]')).toBeNull();
  expect(document.querySelector("b, script")).toBeNull();
});

test("the header links to a new product and to the import", async () => {
  renderList();
  await screen.findByRole("link", { name: "Sencha" });

  expect(screen.getByRole("link", { name: "New product" })).toHaveAttribute(
    "href",
    "/admin/products/new",
  );
  expect(screen.getByRole("link", { name: "Import CSV" })).toHaveAttribute(
    "href",
    "/admin/products/import",
  );
});

test("searching as you type matches names and SKUs, in the address and the request", async () => {
  const { router, user } = renderList();
  await screen.findByRole("link", { name: "Sencha" });
  const search = screen.getByRole("searchbox", { name: "Search" });

  await user.type(search, "mat-2");

  await waitFor(() => {
    expect(router.state.location.search).toBe("?q=mat-2");
  });
  await waitFor(() => {
    expect(shownNames()).toEqual(["Matcha"]);
  });
  expect(lastListQuery().get("q")).toBe("mat-2");
  // One request for the whole word, not one a keystroke.
  expect(requestsTo("GET", "/products/").filter((r) => r.search.includes("q="))).toHaveLength(1);

  await user.clear(search);
  await user.type(search, "cha{Enter}");
  await waitFor(() => {
    expect(shownNames()).toEqual(["Sencha", "Matcha", "Hojicha"]); // best match: as the API ranks
  });
  expect(router.state.location.search).toBe("?q=cha");
});

test("the category, status and low-stock filters are in the address and the request", async () => {
  const { router, user } = renderList();
  await screen.findByRole("link", { name: "Sencha" });

  await user.selectOptions(screen.getByRole("combobox", { name: "Category" }), "tea");
  await waitFor(() => {
    expect(shownNames()).toEqual(["Matcha", "Sencha"]);
  });
  expect(router.state.location.search).toBe("?category=tea");
  expect(lastListQuery().get("category")).toBe("tea");

  await user.selectOptions(screen.getByRole("combobox", { name: "Category" }), "");
  await user.selectOptions(screen.getByRole("combobox", { name: "Status" }), "Deleted");
  await waitFor(() => {
    expect(shownNames()).toEqual(["Tea pot"]);
  });
  expect(router.state.location.search).toBe("?status=deleted");
  expect(lastListQuery().get("is_active")).toBe("false");
  expect(lastListQuery().has("include_inactive")).toBe(false);

  await user.selectOptions(screen.getByRole("combobox", { name: "Status" }), "For sale");
  await user.click(screen.getByRole("checkbox", { name: "Low stock only (5 or fewer)" }));
  await waitFor(() => {
    expect(shownNames()).toEqual(["Hojicha", "Matcha"]);
  });
  expect(router.state.location.search).toBe("?status=sale&low_stock=1");
  expect(lastListQuery().get("is_active")).toBe("true");
  expect(lastListQuery().get("max_stock")).toBe("5");
});

test("the filters in the address are shown, and Back goes to the previous ones", async () => {
  const { router, user } = renderList("/admin/products?q=cha&status=sale&sort=price_desc");

  await waitFor(() => {
    expect(shownNames()).toEqual(["Matcha", "Sencha", "Hojicha"]);
  });
  expect(screen.getByRole("searchbox", { name: "Search" })).toHaveValue("cha");
  expect(screen.getByRole("combobox", { name: "Status" })).toHaveValue("sale");
  expect(screen.getByRole("combobox", { name: "Sort by" })).toHaveValue("price_desc");
  expect(screen.getByRole("columnheader", { name: /Price/ })).toHaveAttribute(
    "aria-sort",
    "descending",
  );

  await user.selectOptions(screen.getByRole("combobox", { name: "Category" }), "tea");
  await waitFor(() => {
    expect(shownNames()).toEqual(["Matcha", "Sencha"]);
  });
  await act(() => router.navigate(-1));
  await waitFor(() => {
    expect(screen.getByRole("combobox", { name: "Category" })).toHaveValue("");
  });
  expect(router.state.location.search).toBe("?q=cha&status=sale&sort=price_desc");
  await waitFor(() => {
    expect(shownNames()).toEqual(["Matcha", "Sencha", "Hojicha"]);
  });
});

test("column headers sort up and down, and say how the table is sorted", async () => {
  const { router, user } = renderList();
  await screen.findByRole("link", { name: "Sencha" });
  const priceHeader = screen.getByRole("columnheader", { name: /Price/ });
  expect(priceHeader).not.toHaveAttribute("aria-sort");

  await user.click(within(priceHeader).getByRole("button", { name: "Price" }));
  await waitFor(() => {
    expect(shownNames()).toEqual(["Hojicha", "Sencha", "Matcha", "Tea pot"]);
  });
  expect(router.state.location.search).toBe("?sort=price_asc");
  expect(lastListQuery().get("sort")).toBe("price_asc");
  expect(screen.getByRole("columnheader", { name: /Price/ })).toHaveAttribute(
    "aria-sort",
    "ascending",
  );

  await user.click(screen.getByRole("button", { name: "Price" }));
  await waitFor(() => {
    expect(shownNames()).toEqual(["Tea pot", "Matcha", "Sencha", "Hojicha"]);
  });
  expect(screen.getByRole("columnheader", { name: /Price/ })).toHaveAttribute(
    "aria-sort",
    "descending",
  );

  await user.click(screen.getByRole("button", { name: "Stock" }));
  await waitFor(() => {
    expect(shownNames()).toEqual(["Hojicha", "Matcha", "Tea pot", "Sencha"]);
  });
  expect(router.state.location.search).toBe("?sort=stock_asc");

  await user.click(screen.getByRole("button", { name: "Name" }));
  await waitFor(() => {
    expect(shownNames()).toEqual(["Hojicha", "Matcha", "Sencha", "Tea pot"]);
  });
  expect(screen.getByRole("columnheader", { name: /Name/ })).toHaveAttribute(
    "aria-sort",
    "ascending",
  );
});

test("the sort menu orders the table, and the default order leaves the address clean", async () => {
  const { router, user } = renderList("/admin/products?sort=price_asc");
  await screen.findByRole("link", { name: "Sencha" });
  const sort = screen.getByRole("combobox", { name: "Sort by" });
  expect(within(sort).queryByRole("option", { name: "Best match" })).toBeNull();

  await user.selectOptions(sort, "Stock: high to low");
  await waitFor(() => {
    expect(shownNames()).toEqual(["Sencha", "Tea pot", "Matcha", "Hojicha"]);
  });
  expect(router.state.location.search).toBe("?sort=stock_desc");
  expect(screen.getByRole("columnheader", { name: /Stock/ })).toHaveAttribute(
    "aria-sort",
    "descending",
  );

  await user.selectOptions(sort, "Newest");
  await waitFor(() => {
    expect(router.state.location.search).toBe("");
  });
});

test("pages and page sizes are in the address and the request", async () => {
  backend.products = Array.from({ length: 45 }, (_, index) =>
    aProduct({ id: index + 1, name: `Tea ${index + 1}` }),
  );
  const { router, user } = renderList();
  await screen.findByRole("link", { name: "Tea 45" });
  expect(shownNames()).toHaveLength(20);
  expect(screen.getByText("45 products")).toBeInTheDocument();

  const pages = screen.getByRole("navigation", { name: "Product pages" });
  await user.click(within(pages).getByRole("link", { name: "Page 3" }));
  await waitFor(() => {
    expect(shownNames()).toEqual(["Tea 5", "Tea 4", "Tea 3", "Tea 2", "Tea 1"]);
  });
  expect(router.state.location.search).toBe("?page=3");
  expect(lastListQuery().get("skip")).toBe("40");

  await user.selectOptions(screen.getByRole("combobox", { name: "Per page" }), "50");
  await waitFor(() => {
    expect(shownNames()).toHaveLength(45);
  });
  expect(router.state.location.search).toBe("?per_page=50"); // back to the first page
  expect(lastListQuery().get("limit")).toBe("50");
  expect(screen.queryByRole("navigation", { name: "Product pages" })).toBeNull();
});

test("a page past the end offers the first page", async () => {
  const { user } = renderList("/admin/products?page=9");

  expect(await screen.findByText("Nothing on this page")).toBeInTheDocument();
  await user.click(screen.getByRole("link", { name: "Go to the first page" }));
  expect(await screen.findByRole("link", { name: "Sencha" })).toBeInTheDocument();
});

test("when nothing matches, the filters can be cleared at once", async () => {
  const { router, user } = renderList("/admin/products?q=oolong&status=deleted&low_stock=1");

  expect(await screen.findByText("No products match")).toBeInTheDocument();
  await user.click(screen.getByRole("button", { name: "Clear filters" }));

  await waitFor(() => {
    expect(shownNames()).toHaveLength(4);
  });
  expect(router.state.location.search).toBe("");
  expect(screen.getByRole("searchbox", { name: "Search" })).toHaveValue("");
});

test("a shop without products says how to add the first ones", async () => {
  backend.products = [];
  renderList();

  expect(await screen.findByText("No products yet")).toBeInTheDocument();
  expect(screen.getByRole("link", { name: "Add a product" })).toHaveAttribute(
    "href",
    "/admin/products/new",
  );
  expect(screen.getAllByRole("link", { name: "Import CSV" })).toHaveLength(2);
  expect(screen.queryByRole("button", { name: /Edit stock/ })).toBeNull();
});

test("a failed load says so and can be retried", async () => {
  let failures = 1;
  server.use(
    http.get("/products/", () => {
      if (failures-- > 0) return error(500, "internal_error", "The shop is having trouble.");
      return undefined;
    }),
  );
  const { user } = renderList();

  const alert = await screen.findByRole("alert");
  expect(alert).toHaveTextContent("The products could not be loaded");
  expect(alert).toHaveTextContent("The shop is having trouble.");
  await user.click(within(alert).getByRole("button", { name: "Try again" }));

  expect(await screen.findByRole("link", { name: "Sencha" })).toBeInTheDocument();
});

test("loading says so until the products arrive", async () => {
  const gate = aGate();
  server.use(
    http.get("/products/", async () => {
      await gate.wait;
      return undefined;
    }),
  );
  renderList();
  expect(await screen.findByText("Loading products…")).toBeInTheDocument();
  gate.open();
  expect(await screen.findByRole("link", { name: "Sencha" })).toBeInTheDocument();
  expect(screen.queryByText("Loading products…")).toBeNull();
});
