import { fireEvent, waitFor, within } from "@testing-library/react";

import { aMovement, anAdmin, productEditing } from "@/testing/admin/product-editing";
import { aProduct } from "@/testing/data";
import { http } from "@/testing/http";
import { server } from "@/testing/setup-tests";
import { backend, error, requestsTo } from "@/testing/shop-backend";
import { renderApp, screen } from "@/testing/test-utils";

async function openEdit(stock = 10) {
  backend.products = [aProduct({ id: 1, name: "Teapot", stock })];
  const view = renderApp("/admin/products/1", { user: anAdmin() });
  await screen.findByRole("heading", { name: "Teapot", level: 1 });
  return { ...view, panel: screen.getByRole("region", { name: "Stock" }) };
}

async function openDialog(user: ReturnType<typeof renderApp>["user"]) {
  await user.click(screen.getByRole("button", { name: "Adjust stock" }));
  return screen.getByRole("dialog", { name: "Adjust stock" });
}

function history(): HTMLElement {
  return screen.getByRole("table", { name: "Stock history" });
}

function rows(): string[][] {
  return within(history())
    .getAllByRole("row")
    .slice(1)
    .map((row) =>
      within(row)
        .getAllByRole("cell")
        .map((cell) => cell.textContent),
    );
}

describe("adjusting stock", () => {
  test("shows the result as it is typed, saves it, and lists the movement", async () => {
    const { user, panel } = await openEdit(10);
    expect(within(panel).getByText("10")).toBeInTheDocument();
    expect(await screen.findByText("No stock movements yet")).toBeInTheDocument();

    const dialog = await openDialog(user);
    const change = within(dialog).getByLabelText("Change");
    expect(change).toHaveFocus();
    await user.type(change, "5");
    expect(within(dialog).getByText("10 → 15")).toBeInTheDocument();
    await user.selectOptions(within(dialog).getByLabelText("Reason"), "restock");
    await user.type(within(dialog).getByLabelText("Note (optional)"), "Delivery <i>42</i>");
    expect(within(dialog).getByText("18/500 characters")).toBeInTheDocument();
    await user.click(within(dialog).getByRole("button", { name: "Save stock change" }));

    expect(await screen.findByText("Stock changed: 10 → 15")).toBeInTheDocument();
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
    expect(within(panel).getByText("15")).toBeInTheDocument();
    expect(backend.products[0]?.stock).toBe(15);
    await waitFor(() => {
      expect(rows()).toEqual([
        ["Dec 1, 2026, 10:00 AM", "Restock", "+5", "15", "Delivery <i>42</i>"],
      ]);
    });
    expect(document.querySelector("i")).toBeNull(); // a note is text, never markup
  });

  test("takes stock away as an adjustment", async () => {
    const { user, panel } = await openEdit(10);
    const dialog = await openDialog(user);
    await user.type(within(dialog).getByLabelText("Change"), "-2");
    expect(within(dialog).getByText("10 → 8")).toBeInTheDocument();
    await user.selectOptions(within(dialog).getByLabelText("Reason"), "adjustment");
    await user.click(within(dialog).getByRole("button", { name: "Save stock change" }));

    expect(await screen.findByText("Stock changed: 10 → 8")).toBeInTheDocument();
    expect(within(panel).getByText("8")).toBeInTheDocument();
    expect(productEditing.movements).toMatchObject([
      { delta: -2, reason: "adjustment", note: null, stock_after: 8 },
    ]);
    await waitFor(() => {
      expect(rows()[0]?.slice(1, 4)).toEqual(["Adjustment", "\u22122", "8"]);
    });
  });

  test("refuses a result below zero before sending", async () => {
    const { user } = await openEdit(3);
    const dialog = await openDialog(user);
    await user.type(within(dialog).getByLabelText("Change"), "-5");
    expect(within(dialog).getByText(/3 → \u22122/)).toHaveTextContent("(below zero: not allowed)");
    await user.click(within(dialog).getByRole("button", { name: "Save stock change" }));
    expect(
      within(dialog).getByText("Stock cannot go below zero: only 3 in stock."),
    ).toBeInTheDocument();
    expect(within(dialog).getByLabelText("Change")).toHaveAttribute("aria-invalid", "true");
    expect(requestsTo("POST", "/products/1/stock")).toEqual([]);
  });

  test("asks for a whole number other than zero", async () => {
    const { user } = await openEdit();
    const dialog = await openDialog(user);
    await user.click(within(dialog).getByRole("button", { name: "Save stock change" }));
    expect(
      within(dialog).getByText("Enter a whole number, negative to take stock away."),
    ).toBeInTheDocument();
    await user.type(within(dialog).getByLabelText("Change"), "0");
    await user.click(within(dialog).getByRole("button", { name: "Save stock change" }));
    expect(within(dialog).getByText("Enter a change other than 0.")).toBeInTheDocument();
    await user.clear(within(dialog).getByLabelText("Change"));
    await user.type(within(dialog).getByLabelText("Change"), "2000000");
    await user.click(within(dialog).getByRole("button", { name: "Save stock change" }));
    expect(
      within(dialog).getByText("Change stock by at most 1,000,000 at a time."),
    ).toBeInTheDocument();
    expect(requestsTo("POST", "/products/1/stock")).toEqual([]);
  });

  test("when sales took the stock meanwhile, the API's refusal is shown and the stock refreshed", async () => {
    const { user, panel } = await openEdit(10);
    const dialog = await openDialog(user);
    await user.type(within(dialog).getByLabelText("Change"), "-8");
    backend.products[0]!.stock = 5; // sold in the meantime
    await user.click(within(dialog).getByRole("button", { name: "Save stock change" }));

    expect(
      await within(dialog).findByText(/Not enough stock for product\(s\): 1\. The stock shown/),
    ).toBeInTheDocument();
    expect(await within(panel).findByText("5")).toBeInTheDocument();
    expect(within(dialog).getByText(/5 → \u22123/)).toBeInTheDocument();
    expect(productEditing.movements).toEqual([]);
  });

  test("shows the API's other refusals", async () => {
    server.use(
      http.post("/products/{product_id}/stock", () =>
        error(422, "validation_error", "The request is invalid", {
          errors: [{ loc: ["body", "note"], msg: "Note is too long", type: "string_too_long" }],
        }),
      ),
    );
    const { user } = await openEdit();
    const dialog = await openDialog(user);
    await user.type(within(dialog).getByLabelText("Change"), "1");
    await user.click(within(dialog).getByRole("button", { name: "Save stock change" }));
    expect(await within(dialog).findByText("Note is too long")).toBeInTheDocument();
    expect(within(dialog).getByLabelText("Note (optional)")).toHaveAttribute(
      "aria-invalid",
      "true",
    );

    server.use(
      http.post("/products/{product_id}/stock", () => error(500, "internal_error", "Try later")),
    );
    await user.click(within(dialog).getByRole("button", { name: "Save stock change" }));
    expect(await within(dialog).findByRole("alert")).toHaveTextContent("Try later");
  });

  test("Cancel and Escape close the dialog without a change", async () => {
    const { user } = await openEdit();
    let dialog = await openDialog(user);
    await user.type(within(dialog).getByLabelText("Change"), "3");
    await user.click(within(dialog).getByRole("button", { name: "Cancel" }));
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();

    dialog = await openDialog(user);
    expect(within(dialog).getByLabelText("Change")).toHaveValue(null); // a fresh form
    fireEvent(dialog, new Event("cancel", { cancelable: true })); // what Escape does
    await waitFor(() => {
      expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
    });
    expect(requestsTo("POST", "/products/1/stock")).toEqual([]);
  });
});

describe("the stock history", () => {
  test("lists every kind of movement, newest first, in the shop's time zone", async () => {
    backend.shop.timezone = "Europe/Berlin";
    productEditing.movements = [
      aMovement({
        id: 1,
        reason: "initial",
        delta: 10,
        stock_after: 10,
        created_at: "2026-11-01T08:00:00Z",
      }),
      aMovement({ id: 2, reason: "sale", delta: -3, stock_after: 7 }),
      aMovement({ id: 3, reason: "cancel", delta: 1, stock_after: 8 }),
      aMovement({ id: 4, reason: "import", delta: 2, stock_after: 10, note: "Line 3" }),
      aMovement({ id: 5, product_id: 2, reason: "restock" }),
    ];
    await openEdit();
    await waitFor(() => {
      expect(rows().map((row) => row.slice(1))).toEqual([
        ["Import", "+2", "10", "Line 3"],
        ["Cancelled order", "+1", "8", "—"],
        ["Sale", "\u22123", "7", "—"],
        ["Initial stock", "+10", "10", "—"],
      ]);
    });
    expect(rows()[3]?.[0]).toBe("Nov 1, 2026, 9:00 AM");
    expect(screen.getByText("4 movements")).toBeInTheDocument();
    expect(
      within(history())
        .getAllByRole("columnheader")
        .map((th) => th.textContent),
    ).toEqual(["Date", "Reason", "Change", "Stock after", "Note"]);
  });

  test("pages through a long history", async () => {
    productEditing.movements = Array.from({ length: 45 }, (_, index) =>
      aMovement({ id: index + 1, delta: 1, stock_after: index + 1 }),
    );
    const { user } = await openEdit();
    expect(await screen.findByText("45 movements · page 1 of 3")).toBeInTheDocument();
    expect(rows()).toHaveLength(20);
    expect(rows()[0]?.[3]).toBe("45");
    expect(screen.getByRole("button", { name: "Newer" })).toBeDisabled();

    await user.click(screen.getByRole("button", { name: "Older" }));
    await user.click(await screen.findByRole("button", { name: "Older" }));
    expect(await screen.findByText("45 movements · page 3 of 3")).toBeInTheDocument();
    await waitFor(() => {
      expect(rows().map((row) => row[3])).toEqual(["5", "4", "3", "2", "1"]);
    });
    expect(screen.getByRole("button", { name: "Older" })).toBeDisabled();
    expect(requestsTo("GET", "/products/1/stock-history").map((r) => r.search)).toEqual([
      "?skip=0&limit=20",
      "?skip=20&limit=20",
      "?skip=40&limit=20",
    ]);

    await user.click(screen.getByRole("button", { name: "Newer" }));
    expect(await screen.findByText("45 movements · page 2 of 3")).toBeInTheDocument();
  });

  test("after an adjustment, shows the newest page again", async () => {
    productEditing.movements = Array.from({ length: 25 }, (_, index) =>
      aMovement({ id: index + 1, delta: 1, stock_after: index + 1 }),
    );
    const { user } = await openEdit(25);
    await user.click(await screen.findByRole("button", { name: "Older" }));
    expect(await screen.findByText("25 movements · page 2 of 2")).toBeInTheDocument();

    const dialog = await openDialog(user);
    await user.type(within(dialog).getByLabelText("Change"), "4");
    await user.click(within(dialog).getByRole("button", { name: "Save stock change" }));
    expect(await screen.findByText("26 movements · page 1 of 2")).toBeInTheDocument();
    await waitFor(() => {
      expect(rows()[0]?.slice(1, 4)).toEqual(["Restock", "+4", "29"]);
    });
  });

  test("says when it cannot be loaded, and tries again", async () => {
    server.use(
      http.get("/products/{product_id}/stock-history", () => error(500, "internal_error", "Oops"), {
        once: true,
      }),
    );
    const { user } = await openEdit();
    expect(await screen.findByText("The stock history could not be loaded")).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Try again" }));
    expect(await screen.findByText("No stock movements yet")).toBeInTheDocument();
  });
});
