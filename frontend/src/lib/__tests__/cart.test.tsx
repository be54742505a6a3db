import { act, renderHook, waitFor } from "@testing-library/react";
import type { ReactNode } from "react";

import { AuthProvider, useAuth } from "@/lib/auth";
import { CART_STORAGE_KEY, type CartItem, CartProvider, loadCart, useCart } from "@/lib/cart";

import { aProduct } from "@/testing/data";
import { backend, signIn } from "@/testing/shop-backend";
import { aCartItem } from "@/testing/test-utils";

function Providers({ children }: { children: ReactNode }) {
  return (
    <AuthProvider>
      <CartProvider>{children}</CartProvider>
    </AuthProvider>
  );
}

function renderCart() {
  return renderHook(() => ({ cart: useCart(), auth: useAuth() }), { wrapper: Providers });
}

function stored(): unknown {
  return JSON.parse(localStorage.getItem(CART_STORAGE_KEY) ?? "null");
}

const sencha = aProduct({ id: 1, name: "Sencha", price: "12.50", stock: 3 });
const matcha = aProduct({ id: 2, name: "Matcha", price: "0.10", stock: 100 });

describe("changing the cart", () => {
  test("adding puts the product in the cart with what the catalog says about it", () => {
    const { result } = renderCart();
    act(() => {
      result.current.cart.addItem(sencha, 2);
    });
    expect(result.current.cart.items).toEqual([
      {
        productId: 1,
        name: "Sencha",
        price: "12.50",
        quantity: 2,
        stock: 3,
        thumbnailUrl: "/media/1_thumb.webp",
      },
    ]);
  });

  test("adding never puts more in the cart than is in stock", () => {
    const { result } = renderCart();
    act(() => {
      result.current.cart.addItem(sencha, 5);
    });
    expect(result.current.cart.items[0]?.quantity).toBe(3);
    act(() => {
      result.current.cart.addItem(sencha, 1);
    });
    expect(result.current.cart.items).toHaveLength(1);
    expect(result.current.cart.items[0]?.quantity).toBe(3);
  });

  test("adding the same product again adds to its line", () => {
    const { result } = renderCart();
    act(() => {
      result.current.cart.addItem(matcha, 2);
      result.current.cart.addItem(matcha, 3);
    });
    expect(result.current.cart.items).toHaveLength(1);
    expect(result.current.cart.items[0]?.quantity).toBe(5);
  });

  test("a sold-out product is not added", () => {
    const { result } = renderCart();
    act(() => {
      result.current.cart.addItem(aProduct({ id: 3, stock: 0 }), 1);
    });
    expect(result.current.cart.items).toEqual([]);
  });

  test("a quantity is set between 1 and the stock", () => {
    const { result } = renderCart();
    act(() => {
      result.current.cart.addItem(sencha, 1);
      result.current.cart.addItem(matcha, 1);
    });
    const quantityAfter = (quantity: number) => {
      act(() => {
        result.current.cart.setQuantity(1, quantity);
      });
      return result.current.cart.items.find((item) => item.productId === 1)?.quantity;
    };
    expect(quantityAfter(2)).toBe(2);
    expect(quantityAfter(99)).toBe(3);
    expect(quantityAfter(0)).toBe(1);
    expect(quantityAfter(2.7)).toBe(2);
    // The other line is untouched.
    expect(result.current.cart.items.find((item) => item.productId === 2)?.quantity).toBe(1);
  });

  test("remove takes one line out; clear empties the cart", () => {
    const { result } = renderCart();
    act(() => {
      result.current.cart.addItem(sencha, 1);
      result.current.cart.addItem(matcha, 1);
    });
    act(() => {
      result.current.cart.removeItem(1);
    });
    expect(result.current.cart.items.map((item) => item.name)).toEqual(["Matcha"]);
    act(() => {
      result.current.cart.clearCart();
    });
    expect(result.current.cart.items).toEqual([]);
    expect(stored()).toEqual([]);
  });

  test("totals are exact", () => {
    const { result } = renderCart();
    act(() => {
      result.current.cart.addItem(matcha, 3); // 3 × 0.10
      result.current.cart.addItem(aProduct({ id: 4, price: "19.99", stock: 10 }), 3);
    });
    expect(result.current.cart.getTotalItems()).toBe(6);
    expect(result.current.cart.getTotalPrice()).toBe("60.27");
  });

  test("an empty cart totals nothing", () => {
    const { result } = renderCart();
    expect(result.current.cart.getTotalItems()).toBe(0);
    expect(result.current.cart.getTotalPrice()).toBe("0.00");
  });

  test("a cart holds at most 50 lines, like an order", () => {
    const { result } = renderCart();
    act(() => {
      for (let id = 1; id <= 51; id++) result.current.cart.addItem(aProduct({ id }), 1);
    });
    expect(result.current.cart.items).toHaveLength(50);
    expect(result.current.cart.items.some((item) => item.productId === 51)).toBe(false);
  });

  test("syncing refreshes names, prices and stock from the catalog", () => {
    const { result } = renderCart();
    act(() => {
      result.current.cart.addItem(sencha, 2);
      result.current.cart.addItem(matcha, 1);
    });
    const before = result.current.cart.items;
    act(() => {
      result.current.cart.syncProducts([matcha]); // unchanged
    });
    expect(result.current.cart.items).toBe(before);
    act(() => {
      result.current.cart.syncProducts([{ ...sencha, name: "Sencha Gold", price: "14.00" }]);
    });
    expect(result.current.cart.items[0]).toMatchObject({
      name: "Sencha Gold",
      price: "14.00",
      quantity: 2,
    });
    expect(result.current.cart.getTotalPrice()).toBe("28.10");
  });
});

describe("keeping the cart", () => {
  test("the cart is saved in localStorage and restored on the next visit", () => {
    const first = renderCart();
    act(() => {
      first.result.current.cart.addItem(sencha, 2);
    });
    expect(stored()).toEqual(first.result.current.cart.items);
    first.unmount();

    const { result } = renderCart();
    expect(result.current.cart.items).toEqual([
      expect.objectContaining({ productId: 1, name: "Sencha", quantity: 2 }),
    ]);
  });

  test.each([
    ["not JSON", "{oops"],
    ["not a list", JSON.stringify({ productId: 1 })],
    ["null", "null"],
  ])("stored data that is %s is ignored", (_what, value) => {
    localStorage.setItem(CART_STORAGE_KEY, value);
    expect(loadCart()).toEqual([]);
    const { result } = renderCart();
    expect(result.current.cart.items).toEqual([]);
  });

  test("invalid stored lines are dropped and the valid ones kept", () => {
    const good = aCartItem({ productId: 5, name: "Good" });
    const bad: unknown[] = [
      null,
      "a string",
      { ...good, productId: "5" },
      { ...good, productId: 1.5 },
      { ...good, name: 42 },
      { ...good, price: "ten" },
      { ...good, price: "1.999" },
      { ...good, price: -1 },
      { ...good, quantity: 0 },
      { ...good, quantity: -2 },
      { ...good, stock: "lots" },
      { ...good, thumbnailUrl: 7 },
    ];
    localStorage.setItem(CART_STORAGE_KEY, JSON.stringify([...bad, good]));
    const { result } = renderCart();
    expect(result.current.cart.items).toEqual([good]);
  });

  test("a change made in another tab shows here", () => {
    const { result } = renderCart();
    const elsewhere: CartItem[] = [aCartItem({ productId: 9, name: "From the other tab" })];
    act(() => {
      localStorage.setItem(CART_STORAGE_KEY, JSON.stringify(elsewhere));
      window.dispatchEvent(
        new StorageEvent("storage", { key: CART_STORAGE_KEY, newValue: JSON.stringify(elsewhere) }),
      );
    });
    expect(result.current.cart.items).toEqual(elsewhere);

    act(() => {
      window.dispatchEvent(new StorageEvent("storage", { key: "something-else", newValue: "[]" }));
    });
    expect(result.current.cart.items).toEqual(elsewhere);
  });
});

describe("reporting cart changes", () => {
  beforeEach(() => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  test("a burst of changes is reported once, a second after the last, when logged in", async () => {
    signIn();
    const { result } = renderCart();
    await waitFor(() => {
      expect(result.current.auth.isAuthenticated).toBe(true);
    });

    act(() => {
      result.current.cart.addItem(matcha, 1);
    });
    act(() => {
      vi.advanceTimersByTime(600);
      result.current.cart.addItem(matcha, 1);
    });
    act(() => {
      vi.advanceTimersByTime(600);
      result.current.cart.addItem(sencha, 2);
    });
    act(() => {
      vi.advanceTimersByTime(900);
    });
    expect(backend.cartReports).toEqual([]);

    act(() => {
      vi.advanceTimersByTime(200);
    });
    await waitFor(() => {
      expect(backend.cartReports).toHaveLength(1);
    });
    expect(backend.cartReports[0]).toEqual({
      action: "add",
      product_id: 1,
      quantity: 2,
      cart_item_count: 4,
    });

    act(() => {
      vi.advanceTimersByTime(5000);
    });
    expect(backend.cartReports).toHaveLength(1);
  });

  test("each kind of change is reported as what it was", async () => {
    signIn();
    const { result } = renderCart();
    await waitFor(() => {
      expect(result.current.auth.isAuthenticated).toBe(true);
    });
    const settle = async (count: number) => {
      act(() => {
        vi.advanceTimersByTime(1000);
      });
      await waitFor(() => {
        expect(backend.cartReports).toHaveLength(count);
      });
    };

    act(() => {
      result.current.cart.addItem(matcha, 3);
    });
    await settle(1);
    act(() => {
      result.current.cart.setQuantity(2, 5);
    });
    await settle(2);
    act(() => {
      result.current.cart.removeItem(2);
    });
    await settle(3);
    act(() => {
      result.current.cart.addItem(matcha, 1);
    });
    await settle(4);
    act(() => {
      result.current.cart.clearCart();
    });
    await settle(5);

    expect(backend.cartReports).toEqual([
      { action: "add", product_id: 2, quantity: 3, cart_item_count: 3 },
      { action: "set_quantity", product_id: 2, quantity: 5, cart_item_count: 5 },
      { action: "remove", product_id: 2, quantity: 0, cart_item_count: 0 },
      { action: "add", product_id: 2, quantity: 1, cart_item_count: 1 },
      { action: "clear", product_id: null, quantity: 0, cart_item_count: 0 },
    ]);
  });

  test("nothing is reported for an anonymous visitor", async () => {
    const { result } = renderCart();
    act(() => {
      result.current.cart.addItem(matcha, 1);
      result.current.cart.setQuantity(2, 4);
    });
    act(() => {
      vi.advanceTimersByTime(5000);
    });
    await act(() => Promise.resolve());
    expect(backend.cartReports).toEqual([]);
    expect(backend.requests.filter((request) => request.path === "/events/cart")).toEqual([]);
  });

  test("what an anonymous visitor did is not reported once they log in", async () => {
    const { result } = renderCart();
    act(() => {
      result.current.cart.addItem(matcha, 2);
    });
    await act(async () => {
      await result.current.auth.login("carla", "correct-horse");
    });
    expect(result.current.auth.isAuthenticated).toBe(true);
    act(() => {
      vi.advanceTimersByTime(5000);
    });
    await act(() => Promise.resolve());
    expect(backend.cartReports).toEqual([]);
  });

  test("a change made while the session is being restored is reported once it is", async () => {
    signIn();
    const { result } = renderCart();
    expect(result.current.auth.isRestoring).toBe(true);
    act(() => {
      result.current.cart.addItem(matcha, 1);
    });
    await waitFor(() => {
      expect(result.current.auth.isAuthenticated).toBe(true);
    });
    act(() => {
      vi.advanceTimersByTime(1000);
    });
    await waitFor(() => {
      expect(backend.cartReports).toHaveLength(1);
    });
  });

  test("restoring the cart from storage reports nothing", async () => {
    localStorage.setItem(CART_STORAGE_KEY, JSON.stringify([aCartItem()]));
    signIn();
    const { result } = renderCart();
    await waitFor(() => {
      expect(result.current.auth.isAuthenticated).toBe(true);
    });
    act(() => {
      result.current.cart.syncProducts([aProduct({ id: 1, price: "11.00" })]);
      vi.advanceTimersByTime(5000);
    });
    await act(() => Promise.resolve());
    expect(backend.cartReports).toEqual([]);
  });
});
