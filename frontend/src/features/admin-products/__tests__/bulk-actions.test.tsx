import { waitFor, within } from "@testing-library/react";

import { adminProducts, anAdmin } from "@/testing/admin/products";
import { aProduct } from "@/testing/data";
import { backend, requestsTo } from "@/testing/shop-backend";
import { renderApp, screen } from "@/testing/test-utils";

// The console's lazy routes are compiled before the timed tests: on a busy machine their first
// import alone can take seconds.
beforeAll(async () => {
  await Promise.all([import("@/app/routes/admin/root"), import("@/app/routes/admin/products")]);
});

beforeEach(() => {
  backend.products = [
    aProduct({ id: 1, name: "Sencha", category: "tea", created_at: "2026-11-03T10:00:00Z" }),
    aProduct({ id: 2, name: "Matcha", category: "tea", created_at: "2026-11-02T10:00:00Z" }),
    aProduct({
      id: 3,
      name: "Tea pot",
      category: "teaware",
      is_active: false,
      created_at: "2026-11-01T10:00:00Z",
    }),
  ];
});

async function renderList(url = "/admin/products") {
  const view = renderApp(url, { user: anAdmin() });
  await screen.findByRole("link", { name: "Sencha" });
  return view;
}

const rowOf = (name: string) => screen.getByRole("row", { name: new RegExp(name) });
const selectAll = () => screen.getByRole("checkbox", { name: "Select all products on this page" });
const bulkBar = () => screen.getByRole("region", { name: "Selected products" });

test("rows are selected one by one or all at once, and the bar counts them", async () => {
  const { user } = await renderList();
  expect(screen.queryByRole("region", { name: "Selected products" })).toBeNull();

  await user.click(screen.getByRole("checkbox", { name: "Select Sencha" }));
  expect(within(bulkBar()).getByText("1 selected")).toBeInTheDocument();
  expect(selectAll()).toBePartiallyChecked();
  expect(rowOf("Sencha")).toHaveClass("selected");

  await user.click(selectAll());
  expect(within(bulkBar()).getByText("3 selected")).toBeInTheDocument();
  expect(selectAll()).toBeChecked();
  expect(selectAll()).not.toBePartiallyChecked();
  expect(screen.getByRole("checkbox", { name: "Select Tea pot" })).toBeChecked();

  await user.click(selectAll());
  expect(screen.queryByRole("region", { name: "Selected products" })).toBeNull();
  expect(selectAll()).not.toBeChecked();

  await user.click(screen.getByRole("checkbox", { name: "Select Matcha" }));
  await user.click(within(bulkBar()).getByRole("button", { name: "Clear selection" }));
  expect(screen.getByRole("checkbox", { name: "Select Matcha" })).not.toBeChecked();
});

test("the selection is for the rows shown: another filter starts afresh", async () => {
  const { user } = await renderList();
  await user.click(screen.getByRole("checkbox", { name: "Select Sencha" }));

  await user.selectOptions(screen.getByRole("combobox", { name: "Status" }), "For sale");
  await waitFor(() => {
    expect(screen.queryByRole("link", { name: "Tea pot" })).toBeNull();
  });
  expect(screen.getByRole("checkbox", { name: "Select Sencha" })).not.toBeChecked();
  expect(screen.queryByRole("region", { name: "Selected products" })).toBeNull();
});

test("Activate puts the selected products on sale in one request", async () => {
  const { user } = await renderList();
  const listRequests = requestsTo("GET", "/products/").length;

  await user.click(screen.getByRole("checkbox", { name: "Select Tea pot" }));
  await user.click(within(bulkBar()).getByRole("button", { name: "Activate" }));

  expect(await screen.findByText("Activated 1 product")).toBeInTheDocument();
  expect(adminProducts.bulkRequests).toEqual([{ products: [{ id: 3, is_active: true }] }]);
  expect(within(rowOf("Tea pot")).getByText("For sale")).toBeInTheDocument();
  expect(backend.products[2]?.is_active).toBe(true);
  expect(screen.queryByRole("region", { name: "Selected products" })).toBeNull();
  // The list is fetched again, not just patched up.
  await waitFor(() => {
    expect(requestsTo("GET", "/products/").length).toBeGreaterThan(listRequests);
  });
});

test("Deactivate asks first, says what it means, and can be cancelled", async () => {
  const { user } = await renderList();
  await user.click(screen.getByRole("checkbox", { name: "Select Sencha" }));
  await user.click(screen.getByRole("checkbox", { name: "Select Matcha" }));

  await user.click(within(bulkBar()).getByRole("button", { name: "Deactivate" }));
  const dialog = screen.getByRole("dialog", { name: "Deactivate 2 products?" });
  expect(dialog).toHaveTextContent("Deactivated products leave the shop");
  await user.click(within(dialog).getByRole("button", { name: "Cancel" }));
  expect(screen.queryByRole("dialog")).toBeNull();
  expect(adminProducts.bulkRequests).toEqual([]);

  await user.click(within(bulkBar()).getByRole("button", { name: "Deactivate" }));
  await user.click(
    within(screen.getByRole("dialog", { name: "Deactivate 2 products?" })).getByRole("button", {
      name: "Deactivate",
    }),
  );

  expect(await screen.findByText("Deactivated 2 products")).toBeInTheDocument();
  expect(adminProducts.bulkRequests).toEqual([
    {
      products: [
        { id: 1, is_active: false },
        { id: 2, is_active: false },
      ],
    },
  ]);
  expect(within(rowOf("Sencha")).getByText("Deleted")).toBeInTheDocument();
  expect(within(rowOf("Matcha")).getByText("Deleted")).toBeInTheDocument();
  expect(screen.queryByRole("dialog")).toBeNull();
});

test("Set category moves the selected products to a category, existing ones suggested", async () => {
  const { user } = await renderList();
  await user.click(screen.getByRole("checkbox", { name: "Select Sencha" }));
  await user.click(screen.getByRole("checkbox", { name: "Select Tea pot" }));

  await user.click(within(bulkBar()).getByRole("button", { name: "Set category" }));
  const dialog = screen.getByRole("dialog", { name: "Set the category of 2 products" });
  const input = within(dialog).getByRole("combobox", { name: "Category" });
  const suggestions = document.getElementById(input.getAttribute("list") ?? "");
  expect([...(suggestions?.querySelectorAll("option") ?? [])].map((o) => o.value)).toEqual(["tea"]);

  await user.click(within(dialog).getByRole("button", { name: "Set category" }));
  expect(
    within(dialog).getByText("Enter a category, or remove the category instead."),
  ).toBeVisible();
  expect(input).toHaveAttribute("aria-invalid", "true");
  expect(adminProducts.bulkRequests).toEqual([]);

  await user.type(input, "Gifts{Enter}");

  expect(await screen.findByText("Moved 2 products to gifts")).toBeInTheDocument();
  expect(adminProducts.bulkRequests).toEqual([
    {
      products: [
        { id: 1, category: "Gifts" },
        { id: 3, category: "Gifts" },
      ],
    },
  ]);
  expect(within(rowOf("Sencha")).getByText("gifts")).toBeInTheDocument();
  expect(within(rowOf("Tea pot")).getByText("gifts")).toBeInTheDocument();
  expect(screen.queryByRole("dialog")).toBeNull();
});

test("Set category can remove the category, and opens empty the next time", async () => {
  const { user } = await renderList();
  await user.click(screen.getByRole("checkbox", { name: "Select Matcha" }));
  await user.click(within(bulkBar()).getByRole("button", { name: "Set category" }));
  let dialog = screen.getByRole("dialog", { name: "Set the category of 1 product" });
  await user.type(within(dialog).getByRole("combobox", { name: "Category" }), "x".repeat(101));
  await user.click(within(dialog).getByRole("button", { name: "Set category" }));
  expect(within(dialog).getByText("Use at most 100 characters.")).toBeInTheDocument();
  await user.click(within(dialog).getByRole("button", { name: "Cancel" }));

  await user.click(within(bulkBar()).getByRole("button", { name: "Set category" }));
  dialog = screen.getByRole("dialog", { name: "Set the category of 1 product" });
  expect(within(dialog).getByRole("combobox", { name: "Category" })).toHaveValue("");
  await user.click(within(dialog).getByRole("button", { name: "Remove category" }));

  expect(await screen.findByText("Removed the category of 1 product")).toBeInTheDocument();
  expect(adminProducts.bulkRequests).toEqual([{ products: [{ id: 2, category: null }] }]);
  const categoryCell = within(rowOf("Matcha")).getAllByRole("cell")[4];
  await waitFor(() => {
    expect(categoryCell).toHaveTextContent("—");
  });
});

test("a refused bulk action changes nothing and says which product and why", async () => {
  const { user } = await renderList();
  await user.click(screen.getByRole("checkbox", { name: "Select Sencha" }));
  await user.click(screen.getByRole("checkbox", { name: "Select Matcha" }));
  // Someone else removes Matcha meanwhile.
  backend.products = backend.products.filter((product) => product.id !== 2);

  await user.click(within(bulkBar()).getByRole("button", { name: "Activate" }));

  expect(
    await screen.findByText("Nothing was changed. Matcha: Product 2 not found"),
  ).toBeInTheDocument();
  expect(backend.products[0]?.updated_at).toBe("2026-11-30T10:00:00Z");
  // The list shows what there is now; the selection stays for another try.
  await waitFor(() => {
    expect(screen.queryByRole("link", { name: "Matcha" })).toBeNull();
  });
  expect(screen.getByRole("checkbox", { name: "Select Sencha" })).toBeChecked();
});
