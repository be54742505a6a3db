import { waitFor, within } from "@testing-library/react";

import { adminProducts, anAdmin, BULK_UPDATED_AT } from "@/testing/admin/products";
import { aProduct } from "@/testing/data";
import { http } from "@/testing/http";
import { server } from "@/testing/setup-tests";
import { backend, error } from "@/testing/shop-backend";
import { renderApp, screen } from "@/testing/test-utils";

// The console's lazy routes are compiled before the timed tests: on a busy machine their first
// import alone can take seconds.
beforeAll(async () => {
  await Promise.all([import("@/app/routes/admin/root"), import("@/app/routes/admin/products")]);
});

beforeEach(() => {
  backend.products = [
    aProduct({
      id: 1,
      name: "Sencha",
      price: "12.50",
      stock: 30,
      created_at: "2026-11-03T10:00:00Z",
    }),
    aProduct({
      id: 2,
      name: "Matcha",
      price: "24.00",
      stock: 3,
      created_at: "2026-11-02T10:00:00Z",
    }),
    aProduct({
      id: 3,
      name: "Hojicha",
      price: "9.99",
      stock: 0,
      created_at: "2026-11-01T10:00:00Z",
    }),
  ];
});

async function editPage(url = "/admin/products") {
  const view = renderApp(url, { user: anAdmin() });
  await screen.findByRole("link", { name: "Sencha" });
  await view.user.click(screen.getByRole("button", { name: "Edit stock & price on this page" }));
  return view;
}

const price = (name: string) => screen.getByRole("textbox", { name: `Price of ${name}` });
const stock = (name: string) => screen.getByRole("textbox", { name: `Stock of ${name}` });
const editBar = () => screen.getByRole("region", { name: "Inline editing" });

test("changed prices and stock are saved in one request holding only what changed", async () => {
  const { user } = await editPage();
  expect(price("Sencha")).toHaveValue("12.50");
  expect(stock("Hojicha")).toHaveValue("0");
  expect(within(editBar()).getByRole("button", { name: "Save changes" })).toBeDisabled();

  await user.clear(price("Sencha"));
  await user.type(price("Sencha"), "13");
  await user.clear(stock("Matcha"));
  await user.type(stock("Matcha"), "7");

  expect(price("Sencha").closest(".edit-cell")).toHaveClass("edit-cell-changed");
  expect(price("Sencha")).toHaveAccessibleDescription("was €12.50");
  expect(stock("Matcha")).toHaveAccessibleDescription("was 3");
  expect(price("Matcha").closest(".edit-cell")).not.toHaveClass("edit-cell-changed");

  await user.click(within(editBar()).getByRole("button", { name: "Save 2 changes" }));

  expect(await screen.findByText("Saved 2 products")).toBeInTheDocument();
  expect(adminProducts.bulkRequests).toEqual([
    {
      products: [
        { id: 1, price: "13.00" },
        { id: 2, stock: 7 },
      ],
    },
  ]);
  expect(screen.queryByRole("textbox", { name: /Price of/ })).toBeNull();
  const sencha = screen.getByRole("row", { name: /Sencha/ });
  expect(within(sencha).getByText("€13.00")).toBeInTheDocument();
  expect(within(screen.getByRole("row", { name: /Matcha/ })).getByText("7")).toBeInTheDocument();
  expect(backend.products[0]).toMatchObject({ price: "13.00", updated_at: BULK_UPDATED_AT });
});

test("a value typed back to what it was is no change", async () => {
  const { user } = await editPage();

  await user.type(price("Hojicha"), "0"); // 9.990: not a price the API takes
  expect(price("Hojicha").closest(".edit-cell")).toHaveClass("edit-cell-changed");
  await user.type(price("Hojicha"), "{Backspace}{Backspace}{Backspace}00");
  expect(price("Hojicha")).toHaveValue("9.00");
  await user.type(price("Hojicha"), "{Backspace}{Backspace}99");

  expect(price("Hojicha").closest(".edit-cell")).not.toHaveClass("edit-cell-changed");
  expect(within(editBar()).getByRole("button", { name: "Save changes" })).toBeDisabled();
});

test("only the selected rows are edited when editing a selection", async () => {
  const { user } = renderApp("/admin/products", { user: anAdmin() });
  await screen.findByRole("link", { name: "Sencha" });
  await user.click(screen.getByRole("checkbox", { name: "Select Matcha" }));

  await user.click(
    within(screen.getByRole("region", { name: "Selected products" })).getByRole("button", {
      name: "Edit stock & price",
    }),
  );

  expect(stock("Matcha")).toBeInTheDocument();
  expect(screen.queryByRole("textbox", { name: "Stock of Sencha" })).toBeNull();
  // While editing, the list stays put: no other filter, order or page to lose the edits to.
  expect(screen.getByRole("combobox", { name: "Status" })).toBeDisabled();
  expect(screen.getByRole("button", { name: "Price" })).toBeDisabled();
  expect(screen.getByRole("checkbox", { name: "Select Sencha" })).toBeDisabled();

  await user.clear(stock("Matcha"));
  await user.type(stock("Matcha"), "12{Enter}");
  expect(within(editBar()).getByRole("button", { name: "Save 1 change" })).toHaveFocus();
  await user.keyboard("{Enter}");

  expect(await screen.findByText("Saved 1 product")).toBeInTheDocument();
  expect(adminProducts.bulkRequests).toEqual([{ products: [{ id: 2, stock: 12 }] }]);
  expect(screen.getByRole("combobox", { name: "Status" })).toBeEnabled();
});

test("the keyboard moves between cells like a spreadsheet, and Escape undoes a cell", async () => {
  const { user } = await editPage();

  await user.click(price("Sencha"));
  await user.tab();
  expect(stock("Sencha")).toHaveFocus();
  await user.tab();
  expect(price("Matcha")).toHaveFocus(); // the name link is skipped while editing
  await user.keyboard("{Enter}");
  expect(price("Hojicha")).toHaveFocus();
  await user.keyboard("{Shift>}{Enter}{/Shift}");
  expect(price("Matcha")).toHaveFocus();
  await user.keyboard("{ArrowUp}");
  expect(price("Sencha")).toHaveFocus();
  await user.keyboard("{ArrowDown}");
  expect(price("Matcha")).toHaveFocus();

  await user.clear(price("Matcha"));
  await user.type(price("Matcha"), "30");
  expect(within(editBar()).getByRole("button", { name: "Save 1 change" })).toBeEnabled();
  await user.keyboard("{Escape}");
  expect(price("Matcha")).toHaveValue("24.00");
  expect(within(editBar()).getByRole("button", { name: "Save changes" })).toBeDisabled();
});

test("prices and stock are checked before anything is sent", async () => {
  const { user } = await editPage();

  await user.clear(price("Sencha"));
  await user.type(price("Sencha"), "0");
  await user.tab(); // leaving a cell shows its problem
  expect(price("Sencha")).toHaveAccessibleDescription(
    expect.stringContaining("The price must be more than 0."),
  );
  expect(price("Sencha")).toHaveAttribute("aria-invalid", "true");

  await user.clear(stock("Sencha"));
  await user.type(stock("Sencha"), "1.5");
  await user.clear(price("Matcha"));
  await user.type(price("Matcha"), "1.234");
  await user.clear(stock("Matcha"));
  await user.type(stock("Matcha"), "2000000");
  await user.clear(price("Hojicha"));
  await user.type(price("Hojicha"), "12,50");
  await user.clear(stock("Hojicha"));

  await user.click(within(editBar()).getByRole("button", { name: "Save 3 changes" }));

  expect(within(editBar()).getByRole("alert")).toHaveTextContent(
    "6 cells need fixing before the changes can be saved.",
  );
  expect(adminProducts.bulkRequests).toEqual([]);
  expect(price("Sencha")).toHaveFocus();
  expect(stock("Sencha")).toHaveAccessibleDescription(
    expect.stringContaining("Enter a whole number, 0 or more."),
  );
  expect(price("Matcha")).toHaveAccessibleDescription(
    expect.stringContaining("Use at most 2 decimals."),
  );
  expect(stock("Matcha")).toHaveAccessibleDescription(
    expect.stringContaining("The stock can be at most 1,000,000."),
  );
  expect(price("Hojicha")).toHaveAccessibleDescription(
    expect.stringContaining("Enter a price like 12.50."),
  );
  expect(stock("Hojicha")).toHaveAccessibleDescription(expect.stringContaining("Enter the stock."));
});

test("the highest price and stock the API takes are accepted", async () => {
  const { user } = await editPage();
  for (const [cell, value] of [
    [price("Sencha"), "1000000"],
    [stock("Sencha"), "5"],
    [price("Matcha"), "1.23"],
    [stock("Matcha"), "1000000"],
    [price("Hojicha"), "12.5"],
    [stock("Hojicha"), "0"],
  ] as const) {
    await user.clear(cell);
    await user.type(cell, value);
  }
  expect(price("Sencha")).toHaveAccessibleDescription(
    expect.stringContaining("The price must be less than 1,000,000."),
  );
  await user.clear(price("Sencha"));
  await user.type(price("Sencha"), "999999.99");
  await user.click(within(editBar()).getByRole("button", { name: "Save 3 changes" }));

  expect(await screen.findByText("Saved 3 products")).toBeInTheDocument();
  expect(adminProducts.bulkRequests).toEqual([
    {
      products: [
        { id: 1, price: "999999.99", stock: 5 },
        { id: 2, price: "1.23", stock: 1000000 },
        { id: 3, price: "12.50" },
      ],
    },
  ]);
});

test("the API's refusals are shown beside the products they concern, and nothing is lost", async () => {
  const { user } = await editPage();
  await user.clear(price("Sencha"));
  await user.type(price("Sencha"), "11");
  await user.clear(stock("Hojicha"));
  await user.type(stock("Hojicha"), "4");
  // Request rows: 0 is Sencha, 1 is Hojicha (the table's third row).
  server.use(
    http.patch("/products/bulk", () =>
      error(422, "bulk_rejected", "1 of 2 rows were refused; nothing was changed", {
        rows: [{ row: 1, product_id: 3, field: "stock", message: "Hojicha is being counted." }],
      }),
    ),
  );

  await user.click(within(editBar()).getByRole("button", { name: "Save 2 changes" }));

  expect(await within(editBar()).findByRole("alert")).toHaveTextContent(
    "Nothing was saved: the shop refused 1 product. Fix the marked cells and save again.",
  );
  expect(stock("Hojicha")).toHaveAccessibleDescription("was 0 Hojicha is being counted.");
  expect(stock("Hojicha")).toHaveAttribute("aria-invalid", "true");
  expect(stock("Hojicha")).toHaveFocus();
  expect(price("Sencha")).toHaveValue("11");
  expect(stock("Hojicha")).toHaveValue("4");
  expect(backend.products[0]?.price).toBe("12.50");

  // Typing in the cell clears its refusal; the next save goes through.
  server.resetHandlers();
  await user.clear(stock("Hojicha"));
  await user.type(stock("Hojicha"), "5");
  expect(stock("Hojicha")).not.toHaveAttribute("aria-invalid");
  await user.click(within(editBar()).getByRole("button", { name: "Save 2 changes" }));
  expect(await screen.findByText("Saved 2 products")).toBeInTheDocument();
});

test("a product removed meanwhile is marked on its row", async () => {
  const { user } = await editPage();
  await user.clear(price("Matcha"));
  await user.type(price("Matcha"), "20");
  backend.products = backend.products.filter((product) => product.id !== 2);

  await user.click(within(editBar()).getByRole("button", { name: "Save 1 change" }));

  const row = screen.getByRole("row", { name: /Matcha/ });
  expect(await within(row).findByText("Product 2 not found")).toBeInTheDocument();
  expect(price("Matcha")).toHaveValue("20");
});

test("the schema's refusals find their cells too", async () => {
  const { user } = await editPage();
  await user.clear(price("Matcha"));
  await user.type(price("Matcha"), "20");
  server.use(
    http.patch("/products/bulk", () =>
      error(422, "validation_error", "Invalid input", {
        errors: [
          { loc: ["body", "products", 0, "price"], msg: "Too dear", type: "less_than" },
          { loc: ["body"], msg: "Odd", type: "value_error" },
        ],
      }),
    ),
  );

  await user.click(within(editBar()).getByRole("button", { name: "Save 1 change" }));

  await waitFor(() => {
    expect(price("Matcha")).toHaveAccessibleDescription("was €24.00 Too dear");
  });
});

test("a failure without rows says so and keeps the edits", async () => {
  const { user } = await editPage();
  await user.clear(price("Matcha"));
  await user.type(price("Matcha"), "20");
  server.use(
    http.patch("/products/bulk", () => error(503, "internal_error", "The shop is restarting.")),
  );

  await user.click(within(editBar()).getByRole("button", { name: "Save 1 change" }));

  expect(await within(editBar()).findByRole("alert")).toHaveTextContent(
    "Nothing was saved. The shop is restarting.",
  );
  expect(price("Matcha")).toHaveValue("20");
});

test("discarding asks first when there are changes", async () => {
  const { user } = await editPage();
  await user.click(within(editBar()).getByRole("button", { name: "Stop editing" }));
  expect(screen.queryByRole("textbox", { name: /Price of/ })).toBeNull();

  await user.click(screen.getByRole("button", { name: "Edit stock & price on this page" }));
  await user.clear(stock("Sencha"));
  await user.type(stock("Sencha"), "1");
  await user.click(within(editBar()).getByRole("button", { name: "Discard changes" }));
  let dialog = screen.getByRole("dialog", { name: "Discard your changes?" });
  expect(dialog).toHaveTextContent("The changes to 1 product have not been saved");
  await user.click(within(dialog).getByRole("button", { name: "Cancel" }));
  expect(stock("Sencha")).toHaveValue("1");

  await user.click(within(editBar()).getByRole("button", { name: "Discard changes" }));
  dialog = screen.getByRole("dialog", { name: "Discard your changes?" });
  await user.click(within(dialog).getByRole("button", { name: "Discard changes" }));

  expect(screen.queryByRole("textbox", { name: /Stock of/ })).toBeNull();
  expect(within(screen.getByRole("row", { name: /Sencha/ })).getByText("30")).toBeInTheDocument();
  expect(adminProducts.bulkRequests).toEqual([]);
});

test("leaving the page with unsaved changes asks first", async () => {
  const { router, user } = await editPage();
  await user.clear(stock("Sencha"));
  await user.type(stock("Sencha"), "1");

  await user.click(screen.getByRole("link", { name: "View shop" }));
  let dialog = await screen.findByRole("dialog", { name: "Discard your changes?" });
  await user.click(within(dialog).getByRole("button", { name: "Cancel" }));
  expect(router.state.location.pathname).toBe("/admin/products");
  expect(stock("Sencha")).toHaveValue("1");

  await user.click(screen.getByRole("link", { name: "View shop" }));
  dialog = await screen.findByRole("dialog", { name: "Discard your changes?" });
  await user.click(within(dialog).getByRole("button", { name: "Discard changes" }));

  await waitFor(() => {
    expect(router.state.location.pathname).toBe("/");
  });
  expect(await screen.findByRole("heading", { name: "Sencha" })).toBeInTheDocument();
});
