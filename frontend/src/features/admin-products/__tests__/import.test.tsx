import { fireEvent, waitFor, within } from "@testing-library/react";

import { imports } from "@/testing/admin/imports";
import { aProduct, aUser } from "@/testing/data";
import { http } from "@/testing/http";
import { server } from "@/testing/setup-tests";
import { backend, error, requestsTo } from "@/testing/shop-backend";
import { renderApp, screen } from "@/testing/test-utils";

const HEADER = "sku,name,description,price,stock,category,is_active";

function csvFile(lines: string[], name = "products.csv"): File {
  return new File([[HEADER, ...lines].join("\n")], name, { type: "text/csv" });
}

// Line 2 updates TEA-1's price and stock, line 3 creates a product; line 4 has a bad price.
const WITH_A_REFUSED_ROW = [
  "TEA-1,Sencha,Green tea,12.50,40,tea,true",
  "MUG-9,Big mug,,8.00,5,kitchen,true",
  "CUP-2,Cup,,twelve,3,kitchen,true",
];
const FIXED = WITH_A_REFUSED_ROW.slice(0, 2);

function openAsAdmin(url = "/admin/products/import") {
  backend.users.push({ ...aUser({ id: 1, role: "admin", username: "ada" }), password: "x" });
  backend.products = [
    aProduct({ id: 1, sku: "TEA-1", name: "Sencha", description: "Green tea", price: "11.00" }),
  ];
  return renderApp(url, { user: 1 });
}

const picker = () => screen.findByLabelText(/Choose a CSV file/);
const importButton = () => screen.getByRole("button", { name: /^Import (\d+ )?products?$/ });

async function checkFile(user: ReturnType<typeof openAsAdmin>["user"], file: File) {
  await user.upload(await picker(), file);
  await user.click(screen.getByRole("button", { name: "Check file" }));
  return screen.findByRole("region", { name: "2. Import" });
}

describe("importing products from a CSV", () => {
  test("explains the columns and offers a template with the header", async () => {
    openAsAdmin();

    const help = await screen.findByRole("region", { name: "What the file holds" });
    const table = within(help).getByRole("table", { name: "Columns of the import file" });
    const columns = within(table)
      .getAllByRole("rowheader")
      .map((cell) => cell.textContent);
    expect(columns).toEqual([
      "sku",
      "id",
      "name",
      "description",
      "price",
      "stock",
      "category",
      "is_active",
    ]);
    expect(within(help).getByText(/In EUR, with a dot/)).toBeInTheDocument();
    const template = within(help).getByRole("link", { name: "Download a template" });
    expect(template).toHaveAttribute("download", "products-template.csv");
    const href = template.getAttribute("href")!;
    expect(href.startsWith("data:text/csv;charset=utf-8,")).toBe(true);
    expect(decodeURIComponent(href.slice(href.indexOf(",") + 1))).toBe(`${HEADER}\r\n`);
    expect(within(help).getByRole("link", { name: "export of the products" })).toHaveAttribute(
      "href",
      "/admin/products",
    );
    expect(screen.getByRole("button", { name: "Check file" })).toBeDisabled();
    await waitFor(() => {
      expect(document.title).toBe("Import products · Admin · Test Shop");
    });
  });

  test("a dry run shows the refused row first, with its problem, and blocks the import", async () => {
    const { user } = openAsAdmin();

    const result = await checkFile(user, csvFile(WITH_A_REFUSED_ROW));

    expect(imports).toEqual([{ dryRun: true, csv: expect.stringContaining("CUP-2") as string }]);
    expect(requestsTo("POST", "/products/import")[0]?.authorization).toMatch(/^Bearer /);
    const summary = within(result).getByRole("list", { name: "Summary" });
    expect(
      within(summary)
        .getAllByRole("listitem")
        .map((item) => item.textContent),
    ).toEqual(["1 new", "1 updated", "0 unchanged", "1 refused"]);
    const rows = within(within(result).getByRole("table")).getAllByRole("row").slice(1);
    expect(rows.map((row) => row.textContent)).toEqual([
      "4CUP-2Refusedprice: A price such as 12.50, not below zero",
      "2TEA-1UpdateProduct #1: changes price, stock",
      "3MUG-9NewCreates a product",
    ]);
    expect(importButton()).toBeDisabled();
    expect(importButton()).toHaveAccessibleDescription(
      "Fix the refused rows and check the file again.",
    );

    await user.click(within(result).getByRole("radio", { name: "Refused (1)" }));
    expect(within(within(result).getByRole("table")).getAllByRole("row")).toHaveLength(2);
    await user.click(within(result).getByRole("radio", { name: "Changes (2)" }));
    expect(within(within(result).getByRole("table")).getAllByRole("row")).toHaveLength(3);
    expect(backend.products).toHaveLength(1);
    expect(backend.products[0]?.price).toBe("11.00");
  });

  test("the fixed file is checked again and imported after confirming", async () => {
    const { user } = openAsAdmin();
    await checkFile(user, csvFile(WITH_A_REFUSED_ROW));

    await checkFile(user, csvFile(FIXED));
    expect(importButton()).toHaveAccessibleName("Import 2 products");
    await user.click(importButton());
    const dialog = screen.getByRole("dialog", { name: "Import 2 products?" });
    expect(dialog).toHaveTextContent("1 new product is created and 1 product is updated");
    await user.click(within(dialog).getByRole("button", { name: "Import" }));

    expect(await screen.findByText("Imported: 1 created, 1 updated")).toBeInTheDocument();
    expect(screen.getByRole("heading", { name: "Import complete" })).toHaveFocus();
    expect(imports.map((sent) => sent.dryRun)).toEqual([true, true, false]);
    expect(backend.products.map((product) => [product.sku, product.price, product.stock])).toEqual([
      ["TEA-1", "12.50", 40],
      ["MUG-9", "8.00", 5],
    ]);
    expect(screen.getByRole("link", { name: "Back to products" })).toHaveAttribute(
      "href",
      "/admin/products",
    );

    await user.click(screen.getByRole("button", { name: "Import another file" }));
    expect(screen.getByRole("button", { name: "Check file" })).toBeDisabled();
  });

  test("cancelling the confirmation imports nothing", async () => {
    const { user } = openAsAdmin();
    await checkFile(user, csvFile(FIXED));

    await user.click(importButton());
    await user.click(within(screen.getByRole("dialog")).getByRole("button", { name: "Cancel" }));

    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
    expect(imports.map((sent) => sent.dryRun)).toEqual([true]);
  });

  test("a file without the product columns is refused with the API's reason", async () => {
    const { user } = openAsAdmin();

    await user.upload(
      await picker(),
      new File(["sku,title\nA,B\n"], "export.csv", { type: "text/csv" }),
    );
    await user.click(screen.getByRole("button", { name: "Check file" }));

    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("This file cannot be imported");
    expect(alert).toHaveTextContent(
      "The header has no column name, description, price, stock, category, is_active",
    );
    expect(screen.queryByRole("region", { name: "2. Import" })).not.toBeInTheDocument();
  });

  test("a file over 20 MB, or not a CSV, is refused before anything is sent", async () => {
    const { user } = openAsAdmin();
    const big = csvFile(FIXED, "huge.csv");
    Object.defineProperty(big, "size", { value: 20 * 1024 * 1024 + 1 });

    await user.upload(await picker(), big);

    expect(screen.getByRole("alert")).toHaveTextContent(
      "The file is 20.0 MB; an import may be at most 20 MB.",
    );
    expect(screen.getByLabelText(/Choose a CSV file/)).toHaveAttribute("aria-invalid", "true");
    expect(screen.getByRole("button", { name: "Check file" })).toBeDisabled();

    fireEvent.drop(screen.getByTestId("import-drop"), {
      dataTransfer: { files: [new File(["x"], "notes.txt", { type: "text/plain" })] },
    });
    expect(await screen.findByRole("alert")).toHaveTextContent(
      '"notes.txt" is not a CSV file. Choose a file ending in .csv.',
    );
    expect(requestsTo("POST", "/products/import")).toEqual([]);

    fireEvent.drop(screen.getByTestId("import-drop"), {
      dataTransfer: { files: [csvFile(FIXED, "dropped.csv")] },
    });
    expect(await screen.findByText("dropped.csv")).toBeInTheDocument();
    expect(screen.queryByRole("alert")).not.toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Check file" })).toBeEnabled();
  });

  test("the API's size limit is shown too", async () => {
    server.use(
      http.post("/products/import", () =>
        error(413, "payload_too_large", "The request body is larger than 21 MB"),
      ),
    );
    const { user } = openAsAdmin();

    await user.upload(await picker(), csvFile(FIXED));
    await user.click(screen.getByRole("button", { name: "Check file" }));

    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("This file cannot be imported");
    expect(alert).toHaveTextContent("The request body is larger than 21 MB");
  });

  test("rows refused when applying (the shop changed since the check) import nothing", async () => {
    const { user } = openAsAdmin();
    await checkFile(user, csvFile(FIXED));
    server.use(
      http.post("/products/import", () =>
        error(422, "import_rejected", "Some rows were refused; nothing was imported", {
          rows: [{ row: 3, product_id: null, field: "sku", message: "The SKU is taken" }],
        }),
      ),
    );

    await user.click(importButton());
    await user.click(within(screen.getByRole("dialog")).getByRole("button", { name: "Import" }));

    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("The import failed; nothing was imported");
    expect(screen.getByText(/Line 3/).closest("li")).toHaveTextContent(
      "Line 3, sku: The SKU is taken",
    );
    expect(await screen.findByText("Nothing was imported")).toBeInTheDocument();
    expect(screen.queryByRole("region", { name: "2. Import" })).not.toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Check file" })).toBeEnabled();
  });

  test("a file of many rows is shown fifty rows at a time", async () => {
    const { user } = openAsAdmin();
    const lines = Array.from({ length: 120 }, (_, i) => `SKU-${i},Product ${i},,1.00,1,,true`);

    const result = await checkFile(user, csvFile(lines));

    const table = within(result).getByRole("table");
    expect(within(table).getAllByRole("row")).toHaveLength(51);
    expect(within(result).getByText("Rows 1–50 of 120")).toBeInTheDocument();
    const pages = within(result).getByRole("navigation", { name: "Pages of rows" });
    expect(within(pages).getByRole("button", { name: "Previous rows" })).toBeDisabled();
    await user.click(within(pages).getByRole("button", { name: "Next rows" }));
    await user.click(within(pages).getByRole("button", { name: "Next rows" }));
    expect(within(result).getByText("Rows 101–120 of 120")).toBeInTheDocument();
    expect(within(table).getAllByRole("row")).toHaveLength(21);
    expect(within(pages).getByRole("button", { name: "Next rows" })).toBeDisabled();
    expect(importButton()).toHaveAccessibleName("Import 120 products");
  });

  test("a file that changes nothing has nothing to import", async () => {
    const { user } = openAsAdmin();

    const result = await checkFile(user, csvFile(["TEA-1,Sencha,Green tea,11.00,10,tea,true"]));

    expect(importButton()).toHaveAccessibleName("Import products");
    const rows = within(within(result).getByRole("table")).getAllByRole("row");
    expect(rows[1]).toHaveTextContent("2TEA-1UnchangedProduct #1 already matches");
    expect(importButton()).toBeDisabled();
    expect(importButton()).toHaveAccessibleDescription(
      "Nothing to import: every product already matches the file.",
    );
    await user.click(within(result).getByRole("radio", { name: "Refused (0)" }));
    expect(within(result).getByText("No refused rows")).toBeInTheDocument();
  });
});
