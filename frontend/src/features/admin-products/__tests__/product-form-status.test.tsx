import { within } from "@testing-library/react";

import { anAdmin } from "@/testing/admin/product-editing";
import { aProduct } from "@/testing/data";
import { http } from "@/testing/http";
import { server } from "@/testing/setup-tests";
import { backend, error, requestsTo } from "@/testing/shop-backend";
import { renderApp, screen } from "@/testing/test-utils";

async function openEdit(fields: Parameters<typeof aProduct>[0] = {}) {
  backend.products = [aProduct({ id: 1, name: "Teapot", ...fields })];
  const view = renderApp("/admin/products/1", { user: anAdmin() });
  await screen.findByRole("heading", { name: "Teapot", level: 1 });
  return view;
}

describe("deleting and restoring a product", () => {
  test("delete asks first, says what it means, and leaves the product editable", async () => {
    const { user } = await openEdit();
    await user.click(screen.getByRole("button", { name: "Delete product" }));
    let dialog = screen.getByRole("dialog", { name: "Delete this product?" });
    expect(dialog).toHaveTextContent(
      "“Teapot” leaves the shop; orders that contain it keep it. You can restore it later.",
    );
    await user.click(within(dialog).getByRole("button", { name: "Cancel" }));
    expect(requestsTo("DELETE", "/products/1")).toEqual([]);

    await user.click(screen.getByRole("button", { name: "Delete product" }));
    dialog = screen.getByRole("dialog", { name: "Delete this product?" });
    await user.click(within(dialog).getByRole("button", { name: "Delete product" }));

    expect(await screen.findByText("Product deleted")).toBeInTheDocument();
    expect(
      screen.getByText(/This product is deleted — not for sale/, { selector: "p" }),
    ).toHaveAttribute("role", "status");
    expect(backend.products[0]?.is_active).toBe(false);
    expect(screen.getByRole("checkbox", { name: /For sale/ })).not.toBeChecked();
    expect(screen.queryByRole("link", { name: "View in shop" })).not.toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Save changes" })).toBeDisabled();
  });

  test("a deleted product opens with its banner, and is restored after confirming", async () => {
    const { user } = await openEdit({ is_active: false });
    expect(
      screen.getByText(/This product is deleted — not for sale/, { selector: "p" }),
    ).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Delete product" })).not.toBeInTheDocument();

    await user.click(screen.getByRole("button", { name: "Restore product" }));
    await user.click(
      within(screen.getByRole("dialog", { name: "Restore this product?" })).getByRole("button", {
        name: "Cancel",
      }),
    );
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
    expect(requestsTo("PUT", "/products/1")).toEqual([]);

    await user.click(screen.getByRole("button", { name: "Restore product" }));
    const dialog = screen.getByRole("dialog", { name: "Restore this product?" });
    expect(dialog).toHaveTextContent("“Teapot” goes back on sale in the shop.");
    await user.click(within(dialog).getByRole("button", { name: "Restore product" }));

    expect(await screen.findByText("Product restored")).toBeInTheDocument();
    expect(screen.queryByText(/This product is deleted/)).not.toBeInTheDocument();
    expect(backend.products[0]?.is_active).toBe(true);
    expect(screen.getByRole("checkbox", { name: /For sale/ })).toBeChecked();
    expect(screen.getByRole("button", { name: "Delete product" })).toBeInTheDocument();
  });

  test("an unsaved edit survives a restore", async () => {
    const { user } = await openEdit({ is_active: false });
    await user.clear(screen.getByLabelText("Name"));
    await user.type(screen.getByLabelText("Name"), "Teapot XL");
    await user.click(screen.getByRole("button", { name: "Restore product" }));
    await user.click(
      within(screen.getByRole("dialog", { name: "Restore this product?" })).getByRole("button", {
        name: "Restore product",
      }),
    );
    expect(await screen.findByText("Product restored")).toBeInTheDocument();
    expect(screen.getByLabelText("Name")).toHaveValue("Teapot XL");
    expect(screen.getByRole("checkbox", { name: /For sale/ })).toBeChecked();
    expect(screen.getByRole("button", { name: "Save changes" })).toBeEnabled();
  });

  test("a failure says so and changes nothing", async () => {
    server.use(http.delete("/products/{product_id}", () => error(500, "internal_error", "Oops")));
    const { user } = await openEdit();
    await user.click(screen.getByRole("button", { name: "Delete product" }));
    await user.click(
      within(screen.getByRole("dialog", { name: "Delete this product?" })).getByRole("button", {
        name: "Delete product",
      }),
    );
    expect(await screen.findByText("The product could not be deleted: Oops")).toBeInTheDocument();
    expect(screen.queryByText(/This product is deleted/)).not.toBeInTheDocument();
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
  });

  test("a customer cannot open the page", async () => {
    renderApp("/admin/products/1", { user: 7 });
    expect(await screen.findByRole("heading", { name: "Not allowed" })).toBeInTheDocument();
    expect(requestsTo("GET", "/products/1")).toEqual([]);
  });
});
