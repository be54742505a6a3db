import { waitFor } from "@testing-library/react";

import { anAdmin } from "@/testing/admin/products";
import { aProduct } from "@/testing/data";
import { http } from "@/testing/http";
import { server } from "@/testing/setup-tests";
import { backend, error, requestsTo } from "@/testing/shop-backend";
import { renderApp, screen } from "@/testing/test-utils";

// jsdom has no object URLs: the test stands in for them, and puts back what was there.
const originals = {
  createObjectURL: Object.getOwnPropertyDescriptor(URL, "createObjectURL"),
  revokeObjectURL: Object.getOwnPropertyDescriptor(URL, "revokeObjectURL"),
};
let created: Blob[] = [];
const revoked: string[] = [];
let downloads: { href: string; download: string }[] = [];

// The console's lazy routes are compiled before the timed tests: on a busy machine their first
// import alone can take seconds.
beforeAll(async () => {
  await Promise.all([import("@/app/routes/admin/root"), import("@/app/routes/admin/products")]);
});

beforeEach(() => {
  created = [];
  revoked.length = 0;
  downloads = [];
  URL.createObjectURL = (blob: Blob) => {
    created.push(blob);
    return `blob:http://localhost:3000/export-${created.length}`;
  };
  URL.revokeObjectURL = (url: string) => {
    revoked.push(url);
  };
  // The download link is clicked; jsdom would try to navigate to it.
  vi.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(function (
    this: HTMLAnchorElement,
  ) {
    downloads.push({ href: this.href, download: this.download });
  });
  backend.products = [
    aProduct({ id: 1, name: "Sencha", sku: "SEN-1", price: "12.50", stock: 30 }),
    aProduct({ id: 2, name: 'Matcha "ceremonial", 30g', sku: "MAT-2", category: "tea" }),
    aProduct({ id: 3, name: "Tea pot", category: "teaware", is_active: false }),
  ];
});

afterEach(() => {
  for (const [name, descriptor] of Object.entries(originals)) {
    if (descriptor) Object.defineProperty(URL, name, descriptor);
    else Reflect.deleteProperty(URL, name);
  }
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
  expect(downloads).toEqual([
    { href: "blob:http://localhost:3000/export-1", download: "products.csv" },
  ]);
  const csv = await created[0]!.text();
  expect(csv.split("\r\n")).toEqual([
    "sku,name,description,price,stock,category,is_active",
    'MAT-2,"Matcha ""ceremonial"", 30g",A fine product.,10.00,10,tea,true',
    "SEN-1,Sencha,A fine product.,12.50,30,tea,true",
    "",
  ]);
  // The file's URL is let go once the browser has it.
  await waitFor(() => {
    expect(revoked).toEqual(["blob:http://localhost:3000/export-1"]);
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
  expect(downloads).toEqual([]);
  expect(created).toEqual([]);
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
  expect(downloads[0]?.download).toBe("catalog-2026-12-01.csv");
  await waitFor(() => {
    expect(revoked).toHaveLength(1);
  });
});
