import { renderApp, screen } from "@/testing/test-utils";
import { aProduct } from "@/testing/data";
import { backend } from "@/testing/shop-backend";

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
