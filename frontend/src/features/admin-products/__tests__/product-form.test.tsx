import { waitFor, within } from "@testing-library/react";
import type { UserEvent } from "@testing-library/user-event";

import { anAdmin, productEditing } from "@/testing/admin/product-editing";
import { aProduct } from "@/testing/data";
import { http } from "@/testing/http";
import { server } from "@/testing/setup-tests";
import { backend, error, requestsTo } from "@/testing/shop-backend";
import { aGate, renderApp, screen } from "@/testing/test-utils";

async function openNew() {
  const view = renderApp("/admin/products/new", { user: anAdmin() });
  await screen.findByRole("heading", { name: "New product", level: 1 });
  return view;
}

async function openEdit(id = 1) {
  const view = renderApp(`/admin/products/${id}`, { user: anAdmin() });
  await screen.findByRole("form", { name: "Product details" });
  return view;
}

async function replace(user: UserEvent, label: string, text: string) {
  const field = screen.getByLabelText(label, { exact: false });
  await user.clear(field);
  if (text) await user.type(field, text);
}

function fieldError(label: string): string | null {
  const field = screen.getByLabelText(label, { exact: false });
  const ids = field.getAttribute("aria-describedby")?.split(" ") ?? [];
  const error = ids
    .map((id) => document.getElementById(id))
    .find((el) => el?.matches(".field-error"));
  return error?.textContent ?? null;
}

describe("a new product", () => {
  test("has every field labelled, the shop's currency and the way back", async () => {
    backend.products = [
      aProduct({ id: 1, category: "tea" }),
      aProduct({ id: 2, category: "mugs" }),
    ];
    await openNew();
    for (const label of [
      "Name",
      "Price (EUR)",
      "Initial stock",
      "SKU",
      "Category",
      "Description",
    ]) {
      expect(screen.getByLabelText(label)).toBeInTheDocument();
    }
    expect(screen.getByRole("checkbox", { name: /For sale/ })).toBeChecked();
    expect(screen.getByLabelText("Choose an image")).toHaveAttribute(
      "accept",
      "image/jpeg,image/png,image/webp,image/gif",
    );
    expect(screen.getByText(/Letters, digits and \. _ \/ -/)).toBeInTheDocument();
    const crumbs = screen.getByRole("navigation", { name: "Breadcrumb" });
    expect(within(crumbs).getByRole("link", { name: "Products" })).toHaveAttribute(
      "href",
      "/admin/products",
    );
    const category = screen.getByLabelText("Category");
    const list = document.getElementById(category.getAttribute("list")!)!;
    await waitFor(() => {
      expect([...list.querySelectorAll("option")].map((o) => o.value)).toEqual(["mugs", "tea"]);
    });
    await waitFor(() => {
      expect(document.title).toBe("New product · Admin · Test Shop");
    });
  });

  test("says what is wrong before sending anything", async () => {
    const { user } = await openNew();
    await replace(user, "SKU", "-bad sku");
    await replace(user, "Initial stock", "1.5");
    await user.click(screen.getByRole("button", { name: "Create product" }));

    expect(fieldError("Name")).toBe("Enter a name.");
    expect(fieldError("Price")).toBe("Enter a price.");
    expect(fieldError("SKU")).toBe(
      "Use only letters, digits and . _ / -, starting with a letter or digit.",
    );
    expect(fieldError("Initial stock")).toBe("Enter a whole number from 0 to 1,000,000.");
    expect(screen.getByLabelText("Name")).toHaveFocus();
    expect(screen.getByLabelText("Name")).toHaveAttribute("aria-invalid", "true");

    await replace(user, "Price", "12.345");
    await user.click(screen.getByRole("button", { name: "Create product" }));
    expect(fieldError("Price")).toBe("Enter a price like 12.50 (at most two decimals).");
    await replace(user, "Price", "0.00");
    await user.click(screen.getByRole("button", { name: "Create product" }));
    expect(fieldError("Price")).toBe("The price must be more than 0.");
    await replace(user, "Price", "1000000");
    await user.click(screen.getByRole("button", { name: "Create product" }));
    expect(fieldError("Price")).toBe("The price must be under 1,000,000.");
    await user.click(screen.getByLabelText("Name"));
    await user.paste("x".repeat(201));
    expect(screen.getByLabelText("Name")).toHaveValue("x".repeat(200)); // maxLength
    expect(requestsTo("POST", "/products/")).toEqual([]);
  });

  test("a corrected field loses its message as it is typed in", async () => {
    const { user } = await openNew();
    await user.click(screen.getByRole("button", { name: "Create product" }));
    expect(fieldError("Name")).toBe("Enter a name.");
    await user.type(screen.getByLabelText("Name"), "T");
    expect(fieldError("Name")).toBeNull();
    expect(fieldError("Price")).toBe("Enter a price.");
  });

  test("shows the API's refusals beside their fields", async () => {
    server.use(
      http.post("/products/", () =>
        error(422, "validation_error", "The request is invalid", {
          errors: [
            { loc: ["body", "price"], msg: "Price is too high for this shop", type: "value_error" },
            { loc: ["body", "name"], msg: "Name is odd", type: "value_error" },
          ],
        }),
      ),
    );
    const { user } = await openNew();
    await user.type(screen.getByLabelText("Name"), "Teapot");
    await user.type(screen.getByLabelText("Price", { exact: false }), "12.50");
    await user.click(screen.getByRole("button", { name: "Create product" }));

    await waitFor(() => {
      expect(fieldError("Price")).toBe("Price is too high for this shop");
    });
    expect(fieldError("Name")).toBe("Name is odd");
    expect(screen.getByRole("heading", { name: "New product", level: 1 })).toBeInTheDocument();
  });

  test("an error that names no field is shown for the whole form", async () => {
    server.use(http.post("/products/", () => error(500, "internal_error", "The shop is down")));
    const { user } = await openNew();
    await user.type(screen.getByLabelText("Name"), "Teapot");
    await user.type(screen.getByLabelText("Price", { exact: false }), "12.50");
    await user.click(screen.getByRole("button", { name: "Create product" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("The shop is down");
  });

  test("a SKU another product has is refused on the SKU field", async () => {
    backend.products = [aProduct({ id: 1, sku: "TEA-001" })];
    const { user } = await openNew();
    await user.type(screen.getByLabelText("Name"), "Teapot");
    await user.type(screen.getByLabelText("Price", { exact: false }), "12.50");
    await user.type(screen.getByLabelText("SKU"), "tea-001");
    await user.click(screen.getByRole("button", { name: "Create product" }));

    await waitFor(() => {
      expect(fieldError("SKU")).toBe("Another product already has this SKU");
    });
    expect(backend.products).toHaveLength(1);
  });

  test("is created, with its initial stock, and opens for editing", async () => {
    backend.products = [];
    const gate = aGate();
    server.use(
      http.post("/products/", async () => {
        await gate.wait;
        return undefined;
      }),
    );
    const { user, router } = await openNew();
    await user.type(screen.getByLabelText("Name"), "  Teapot <b>blue</b> ");
    await user.type(screen.getByLabelText("Price", { exact: false }), "12.5");
    expect(screen.getByText(/Shown in the shop as/)).toHaveTextContent("€12.50");
    await replace(user, "Initial stock", "7");
    await user.type(screen.getByLabelText("SKU"), "TP-1");
    await user.type(screen.getByLabelText("Category"), "Kitchen");
    await user.type(screen.getByLabelText("Description"), "Holds 1 l.");
    await user.click(screen.getByRole("checkbox", { name: /For sale/ }));
    await user.click(screen.getByRole("button", { name: "Create product" }));

    expect(screen.getByRole("button", { name: "Saving…" })).toBeDisabled();
    gate.open();
    expect(
      await screen.findByRole("heading", { name: "Teapot <b>blue</b>", level: 1 }),
    ).toBeInTheDocument();
    expect(router.state.location.pathname).toBe("/admin/products/1");
    expect(screen.getByText("Product created")).toBeInTheDocument();
    expect(backend.products[0]).toMatchObject({
      name: "Teapot <b>blue</b>",
      price: "12.50",
      stock: 7,
      sku: "TP-1",
      category: "kitchen",
      description: "Holds 1 l.",
      is_active: false,
    });
    expect(productEditing.movements).toMatchObject([{ delta: 7, reason: "initial" }]);
    expect(document.querySelector("b")).toBeNull(); // a name is text, never markup
  });

  test("leaving with something typed asks first", async () => {
    const { user, router } = await openNew();
    const reload = new Event("beforeunload", { cancelable: true });
    window.dispatchEvent(reload);
    expect(reload.defaultPrevented).toBe(false); // nothing typed yet
    await user.type(screen.getByLabelText("Name"), "Teapot");
    const unload = new Event("beforeunload", { cancelable: true });
    window.dispatchEvent(unload);
    expect(unload.defaultPrevented).toBe(true); // the browser asks before a reload
    await user.click(screen.getByRole("link", { name: "Orders" }));

    const dialog = await screen.findByRole("dialog", { name: "Leave without saving?" });
    await user.click(within(dialog).getByRole("button", { name: "Cancel" }));
    expect(router.state.location.pathname).toBe("/admin/products/new");
    expect(screen.getByLabelText("Name")).toHaveValue("Teapot");

    await user.click(screen.getByRole("link", { name: "Orders" }));
    await user.click(
      within(await screen.findByRole("dialog", { name: "Leave without saving?" })).getByRole(
        "button",
        { name: "Leave this page" },
      ),
    );
    await waitFor(() => {
      expect(router.state.location.pathname).toBe("/admin/orders");
    });
  });
});

describe("editing a product", () => {
  test("shows the product, with its stock read-only", async () => {
    backend.products = [
      aProduct({
        id: 1,
        name: "Kettle",
        sku: "K-1",
        price: "19.90",
        stock: 4,
        category: "kitchen",
      }),
    ];
    await openEdit();
    expect(screen.getByRole("heading", { name: "Kettle", level: 1 })).toBeInTheDocument();
    const crumbs = screen.getByRole("navigation", { name: "Breadcrumb" });
    expect(
      within(crumbs)
        .getAllByRole("listitem")
        .map((li) => li.textContent),
    ).toEqual(["Admin", "Products", "Kettle"]);
    expect(screen.getByLabelText("Name")).toHaveValue("Kettle");
    expect(screen.getByLabelText("SKU")).toHaveValue("K-1");
    expect(screen.getByLabelText("Price (EUR)")).toHaveValue("19.90");
    expect(screen.getByLabelText("Category")).toHaveValue("kitchen");
    expect(screen.queryByLabelText("Initial stock")).not.toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Adjust stock" })).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Save changes" })).toBeDisabled();
    expect(screen.getByRole("link", { name: "View in shop" })).toHaveAttribute(
      "href",
      "/product/1",
    );
  });

  test("sends only what changed, and the form follows what was saved", async () => {
    backend.products = [aProduct({ id: 1, name: "Kettle", sku: "K-1", price: "19.90" })];
    const { user } = await openEdit();
    await replace(user, "Price", "21");
    await replace(user, "SKU", "");
    await replace(user, "Category", "");
    let sent: unknown;
    server.use(
      http.put("/products/{product_id}", async ({ request }) => {
        sent = await request.clone().json();
        return undefined;
      }),
    );
    await user.click(screen.getByRole("button", { name: "Save changes" }));

    expect(await screen.findByText("Product saved")).toBeInTheDocument();
    expect(sent).toEqual({ price: "21", sku: null, category: null });
    expect(backend.products[0]).toMatchObject({ price: "21.00", sku: null, category: null });
    expect(screen.getByLabelText("Price", { exact: false })).toHaveValue("21.00");
    expect(screen.getByRole("button", { name: "Save changes" })).toBeDisabled();
  });

  test("changes can be discarded", async () => {
    backend.products = [aProduct({ id: 1, name: "Kettle" })];
    const { user } = await openEdit();
    await replace(user, "Name", "Pot");
    await user.click(screen.getByRole("button", { name: "Discard changes" }));
    expect(screen.getByLabelText("Name")).toHaveValue("Kettle");
    expect(screen.getByRole("button", { name: "Save changes" })).toBeDisabled();
  });

  test("a SKU another product has is refused on the SKU field", async () => {
    backend.products = [aProduct({ id: 1 }), aProduct({ id: 2, sku: "TAKEN" })];
    const { user } = await openEdit();
    await replace(user, "SKU", "taken");
    await user.click(screen.getByRole("button", { name: "Save changes" }));
    await waitFor(() => {
      expect(fieldError("SKU")).toBe("Another product already has this SKU");
    });
    expect(screen.queryByText("Product saved")).not.toBeInTheDocument();
  });

  test("an unknown product is a page not found", async () => {
    renderApp("/admin/products/99", { user: anAdmin() });
    expect(await screen.findByRole("heading", { name: "Page not found" })).toBeInTheDocument();
  });

  test("an impossible id is a page not found without asking the shop", async () => {
    renderApp("/admin/products/abc", { user: anAdmin() });
    expect(await screen.findByRole("heading", { name: "Page not found" })).toBeInTheDocument();
    expect(backend.requests.filter((r) => r.path.startsWith("/products/abc"))).toEqual([]);
  });

  test("when the product cannot be loaded, Try again recovers", async () => {
    server.use(
      http.get("/products/{product_id}", () => error(503, "internal_error", "Try later"), {
        once: true,
      }),
    );
    const { user } = renderApp("/admin/products/1", { user: anAdmin() });
    expect(await screen.findByText("The product could not be loaded")).toBeInTheDocument();
    expect(screen.getByText("Try later")).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Try again" }));
    expect(await screen.findByRole("heading", { name: "Product 1", level: 1 })).toBeInTheDocument();
  });

  test("says it is loading", async () => {
    const gate = aGate();
    server.use(
      http.get("/products/{product_id}", async () => {
        await gate.wait;
        return undefined;
      }),
    );
    renderApp("/admin/products/1", { user: anAdmin() });
    expect(await screen.findByText("Loading the product…")).toBeInTheDocument();
    gate.open();
    expect(await screen.findByRole("heading", { name: "Product 1", level: 1 })).toBeInTheDocument();
  });
});
