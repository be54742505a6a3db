import { render, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { createMemoryRouter, RouterProvider } from "react-router";

import { App } from "@/app/app";
import { AppProvider } from "@/app/provider";
import { routeObjects } from "@/app/router";

import { aUser } from "@/testing/data";
import { backend } from "@/testing/shop-backend";
import { aCartItem, renderApp, screen } from "@/testing/test-utils";

describe("the layout", () => {
  test("names the shop and links to the catalog", async () => {
    renderApp("/");
    const banner = screen.getByRole("banner");
    expect(await within(banner).findByRole("link", { name: "Test Shop" })).toHaveAttribute(
      "href",
      "/",
    );
    const nav = within(banner).getByRole("navigation", { name: "Main" });
    expect(within(nav).getByRole("link", { name: "Catalog" })).toHaveAttribute(
      "aria-current",
      "page",
    );
    expect(screen.getByRole("contentinfo")).toHaveTextContent(
      `© ${new Date().getFullYear()} Test Shop`,
    );
  });

  test("the header counts what is in the cart", async () => {
    const { user } = renderApp("/product/2", {
      cart: [aCartItem({ productId: 1, quantity: 2 }), aCartItem({ productId: 3, quantity: 1 })],
    });
    expect(screen.getByRole("link", { name: "Cart 3 items" })).toHaveAttribute("href", "/cart");

    await user.click(await screen.findByRole("button", { name: "Add to cart" }));
    expect(screen.getByRole("link", { name: "Cart 4 items" })).toBeInTheDocument();
  });

  test("one item is an item; none shows no count", () => {
    const { unmount } = renderApp("/", { cart: [aCartItem({ quantity: 1 })] });
    expect(screen.getByRole("link", { name: "Cart 1 item" })).toBeInTheDocument();
    unmount();
    localStorage.clear();
    renderApp("/");
    expect(screen.getByRole("link", { name: "Cart" })).toBeInTheDocument();
  });

  test("a skip link leads past the header to the content", async () => {
    const { user } = renderApp("/");
    await user.tab();
    const skip = screen.getByRole("link", { name: "Skip to content" });
    expect(skip).toHaveFocus();
    expect(skip).toHaveAttribute("href", "#main");
    expect(screen.getByRole("main")).toHaveAttribute("id", "main");
    await screen.findByRole("heading", { name: "Product 1" });
  });

  test("a customer sees their orders and account in the menu", async () => {
    renderApp("/account/orders", { user: 7 });
    await screen.findByRole("heading", { name: "Your orders" });
    const nav = screen.getByRole("navigation", { name: "Main" });
    expect(within(nav).getByRole("link", { name: "Orders" })).toHaveAttribute(
      "aria-current",
      "page",
    );
    expect(within(nav).getByRole("link", { name: "Account" })).not.toHaveAttribute("aria-current");
    expect(within(nav).queryByRole("link", { name: "Log in" })).not.toBeInTheDocument();
    expect(within(nav).queryByRole("link", { name: "Admin" })).not.toBeInTheDocument();
  });

  test("an administrator finds the console from the shop and the shop from the console", async () => {
    backend.users.push({ ...aUser({ id: 1, role: "admin", username: "ada" }), password: "x" });
    const { user } = renderApp("/", { user: 1 });
    const nav = screen.getByRole("navigation", { name: "Main" });
    await user.click(await within(nav).findByRole("link", { name: "Admin" }));
    expect(await screen.findByRole("navigation", { name: "Administration" })).toBeInTheDocument();
    expect(screen.getByRole("navigation", { name: "Breadcrumb" })).toHaveTextContent("Admin");
    await user.click(screen.getByRole("link", { name: "View shop" }));
    expect(await screen.findByRole("heading", { name: "All products" })).toBeInTheDocument();
  });
});

test("an unknown address shows a page not found with a way back", async () => {
  const { router, user } = renderApp("/no/such/page");

  expect(await screen.findByRole("heading", { name: "Page not found" })).toBeInTheDocument();
  await waitFor(() => {
    expect(document.title).toBe("Page not found · Test Shop");
  });
  await user.click(screen.getByRole("link", { name: "Go to the catalog" }));
  expect(await screen.findByRole("heading", { name: "All products" })).toBeInTheDocument();
  expect(router.state.location.pathname).toBe("/");
});

test("a page whose code cannot be loaded offers a reload and the catalog", async () => {
  // What a visitor meets when the shop was updated and an old chunk is gone.
  const root = routeObjects[0]!;
  const router = createMemoryRouter(
    [
      {
        element: root.element,
        errorElement: root.errorElement,
        hydrateFallbackElement: root.hydrateFallbackElement,
        children: [
          ...(root.children ?? []).filter((route) => route.path !== "*"),
          {
            path: "/broken",
            lazy: () =>
              Promise.reject(new TypeError("Failed to fetch dynamically imported module")),
          },
        ],
      },
    ],
    { initialEntries: ["/broken"] },
  );
  render(
    <AppProvider>
      <RouterProvider router={router} />
    </AppProvider>,
  );

  const alert = await screen.findByRole("alert");
  expect(
    within(alert).getByRole("heading", { name: "This page could not be loaded" }),
  ).toBeInTheDocument();
  expect(within(alert).getByRole("button", { name: "Reload the page" })).toBeInTheDocument();
  await userEvent.setup().click(within(alert).getByRole("link", { name: "Go to the catalog" }));
  expect(await screen.findByRole("heading", { name: "All products" })).toBeInTheDocument();
});

test("the app starts on the catalog at the site's root", async () => {
  backend.products = [];
  render(<App />);
  expect(await screen.findByText("No products yet")).toBeInTheDocument();
});
