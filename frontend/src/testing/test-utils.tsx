import { render, screen } from "@testing-library/react";
import userEvent, { PointerEventsCheckLevel } from "@testing-library/user-event";
import { createMemoryRouter, RouterProvider } from "react-router";

import { AppProvider } from "@/app/provider";
import { routeObjects } from "@/app/router";
import type { CartItem } from "@/lib/cart";

import { signIn } from "@/testing/shop-backend";

export interface RenderAppOptions {
  /** Log this user in (the session is restored the way a reload restores it). */
  user?: number;
  cart?: CartItem[];
}

/** The whole app at `url`, inside the real providers and a memory router. */
export function renderApp(url: string, { user, cart }: RenderAppOptions = {}) {
  if (user !== undefined) signIn(user);
  if (cart) localStorage.setItem("webshop.cart", JSON.stringify(cart));
  const router = createMemoryRouter(routeObjects, { initialEntries: [url] });
  // No pause between keystrokes (nothing here waits for one), and no pointer-events check:
  // tests render without CSS, so there is no `pointer-events: none` to honour.
  const events = userEvent.setup({
    delay: null,
    pointerEventsCheck: PointerEventsCheckLevel.Never,
  });
  const view = render(
    <AppProvider>
      <RouterProvider router={router} />
    </AppProvider>,
  );
  return { ...view, router, user: events };
}

export function aCartItem(fields: Partial<CartItem> = {}): CartItem {
  return {
    productId: 1,
    name: "Product 1",
    price: "10.00",
    quantity: 1,
    stock: 10,
    thumbnailUrl: null,
    ...fields,
  };
}

export { screen };

/**
 * A promise the test resolves when it chooses. A handler that waits for it holds an answer
 * back: `server.use(http.post("/orders/", () => gate.wait))`, then `gate.open()`; the fake
 * backend answers as usual once it is open.
 */
export function aGate(): { wait: Promise<void>; open: () => void } {
  let open: () => void = () => undefined;
  const wait = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { wait, open };
}
