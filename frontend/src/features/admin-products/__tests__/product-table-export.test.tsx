import { waitFor } from "@testing-library/react";

import { anAdmin } from "@/testing/admin/products";
import { aProduct } from "@/testing/data";
import { http } from "@/testing/http";
import { server } from "@/testing/setup-tests";
import { backend, error, requestsTo } from "@/testing/shop-backend";
import { captureDownloads, type CapturedDownloads } from "@/testing/downloads";
import { renderApp, screen } from "@/testing/test-utils";

let captured: CapturedDownloads;

// The console's lazy routes are compiled before the timed tests: on a busy machine their first
// import alone can take seconds.
beforeAll(async () => {
  await Promise.all([import("@/app/routes/admin/root"), import("@/app/routes/admin/products")]);
});

beforeEach(() => {
  captured = captureDownloads();
  backend.products = [
    aProduct({ id: 1, name: "Sencha", sku: "SEN-1", price: "12.50", stock: 30 }),
    aProduct({ id: 2, name: 'Matcha "ceremonial", 30g', sku: "MAT-2", category: "tea" }),
    aProduct({ id: 3, name: "Tea pot", category: "teaware", is_active: false }),
  ];
});

test("Export CSV downloads the products of the current filters, with the admin's token", async () => {
  const { user } = renderApp("/admin/products?category=tea&status=sale&sort=price_asc", {
    user: anAdmin(),
  });
  await screen.findByRole("link", { name: "Sencha" });

  await user.click(screen.getByRole("button", { name: "Export CSV" }));

  expect(await screen.findByText("Exported products.csv")).toBeInTheDocument();
  const [sent] = requestsTo("GET", "/products/export");
  expect(sent?.authorization).toMatch(/^Bearer /);
  const query = new URLSearchParams(sent?.search);
  expect(Object.fromEntries(query)).toEqual({
    category: "tea",
    is_active: "true",
    sort: "price_asc",
  });
  expect(captured.downloads).toEqual([
    { href: "blob:http://localhost:3000/export-1", download: "products.csv" },
  ]);
  const csv = await captured.created[0]!.text();
  expect(csv.split("\r\n")).toEqual([
    "sku,name,description,price,stock,category,is_active",
    'MAT-2,"Matcha ""ceremonial"", 30g",A fine product.,10.00,10,tea,true',
    "SEN-1,Sencha,A fine product.,12.50,30,tea,true",
    "",
  ]);
  // The file's URL is let go once the browser has it.
  await waitFor(() => {
    expect(captured.revoked).toEqual(["blob:http://localhost:3000/export-1"]);
  });
  expect(screen.getByRole("button", { name: "Export CSV" })).toBeEnabled();
});

test("a failed export says so, and nothing is downloaded", async () => {
  server.use(
    http.get("/products/export", () =>
      error(500, "internal_error", "The export could not be made."),
    ),
  );
  const { user } = renderApp("/admin/products", { user: anAdmin() });
  await screen.findByRole("link", { name: "Sencha" });

  await user.click(screen.getByRole("button", { name: "Export CSV" }));

  expect(
    await screen.findByText("The export failed. The export could not be made."),
  ).toBeInTheDocument();
  expect(captured.downloads).toEqual([]);
  expect(captured.created).toEqual([]);
});

test("the export is named as the API names it", async () => {
  server.use(
    http.get("/products/export", ({ response }) =>
      response.untyped(
        new Response("sku\r\n", {
          headers: {
            "Content-Type": "text/csv",
            "Content-Disposition": 'attachment; filename="catalog-2026-12-01.csv"',
          },
        }),
      ),
    ),
  );
  const { user } = renderApp("/admin/products", { user: anAdmin() });
  await screen.findByRole("link", { name: "Sencha" });

  await user.click(screen.getByRole("button", { name: "Export CSV" }));

  expect(await screen.findByText("Exported catalog-2026-12-01.csv")).toBeInTheDocument();
  expect(captured.downloads[0]?.download).toBe("catalog-2026-12-01.csv");
  await waitFor(() => {
    expect(captured.revoked).toHaveLength(1);
  });
});
