import {
  createContext,
  type ReactNode,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
} from "react";

import { api, type Schemas } from "@/lib/api-client";
import { useAuth } from "@/lib/auth";
import { lineTotal, sum } from "@/lib/money";

type Product = Schemas["ProductRead"];
type CartAction = Schemas["CartAction"];

export interface CartItem {
  productId: number;
  name: string;
  /** Unit price as the catalog last showed it (a decimal string); the order uses the server's. */
  price: string;
  quantity: number;
  /** Stock when last seen: the most one can put in the cart. */
  stock: number;
  thumbnailUrl: string | null;
}

export interface CartContextType {
  items: CartItem[];
  addItem: (product: Product, quantity: number) => void;
  setQuantity: (productId: number, quantity: number) => void;
  removeItem: (productId: number) => void;
  clearCart: () => void;
  /** Refresh names, prices and stock from the catalog's current answers. */
  syncProducts: (products: readonly Product[]) => void;
  getTotalItems: () => number;
  getTotalPrice: () => string;
}

export const CART_STORAGE_KEY = "webshop.cart";
export const MAX_LINES = 50; // what one order accepts
export const MAX_QUANTITY = 1000;
const REPORT_DELAY_MS = 1000;

const CartContext = createContext<CartContextType | null>(null);

function isCartItem(value: unknown): value is CartItem {
  if (typeof value !== "object" || value === null) return false;
  const item = value as Record<keyof CartItem, unknown>;
  return (
    Number.isSafeInteger(item.productId) &&
    typeof item.name === "string" &&
    typeof item.price === "string" &&
    /^\d+(\.\d{1,2})?$/.test(item.price) &&
    Number.isSafeInteger(item.quantity) &&
    (item.quantity as number) > 0 &&
    Number.isSafeInteger(item.stock) &&
    (item.thumbnailUrl === null || typeof item.thumbnailUrl === "string")
  );
}

export function loadCart(): CartItem[] {
  try {
    const stored: unknown = JSON.parse(localStorage.getItem(CART_STORAGE_KEY) ?? "[]");
    return Array.isArray(stored) ? stored.filter(isCartItem).slice(0, MAX_LINES) : [];
  } catch {
    return [];
  }
}

function saveCart(items: CartItem[]): void {
  try {
    localStorage.setItem(CART_STORAGE_KEY, JSON.stringify(items));
  } catch {
    // Storage full or disabled: the cart still works until the page is closed.
  }
}

function limit(quantity: number, stock: number): number {
  return Math.max(0, Math.min(Math.floor(quantity), stock, MAX_QUANTITY));
}

interface Report {
  action: CartAction;
  productId: number | null;
  quantity: number;
}

export function CartProvider({ children }: { children: ReactNode }) {
  const { isAuthenticated, isRestoring } = useAuth();
  const [items, setItems] = useState<CartItem[]>(loadCart);
  const pendingReport = useRef<Report | null>(null);

  useEffect(() => {
    saveCart(items);
  }, [items]);

  // Another tab changed the cart.
  useEffect(() => {
    const onStorage = (event: StorageEvent) => {
      if (event.key === CART_STORAGE_KEY) setItems(loadCart());
    };
    window.addEventListener("storage", onStorage);
    return () => {
      window.removeEventListener("storage", onStorage);
    };
  }, []);

  // Cart changes are reported for analytics, debounced: a burst of clicks is one report.
  const count = items.reduce((total, item) => total + item.quantity, 0);
  useEffect(() => {
    const report = pendingReport.current;
    if (!report) return;
    if (!isAuthenticated) {
      // An anonymous visitor's changes are not reported, not even once they log in; while an
      // earlier session is being restored, the change waits for it.
      if (!isRestoring) pendingReport.current = null;
      return;
    }
    const timer = setTimeout(() => {
      pendingReport.current = null;
      api
        .POST("/events/cart", {
          body: {
            action: report.action,
            product_id: report.productId,
            quantity: report.quantity,
            cart_item_count: Math.min(count, 50000),
          },
        })
        .catch(() => undefined); // analytics must never get in a shopper's way
    }, REPORT_DELAY_MS);
    return () => {
      clearTimeout(timer);
    };
  }, [items, count, isAuthenticated, isRestoring]);

  const change = useCallback((report: Report, update: (items: CartItem[]) => CartItem[]) => {
    pendingReport.current = report;
    setItems(update);
  }, []);

  const addItem = useCallback(
    (product: Product, quantity: number) => {
      change({ action: "add", productId: product.id, quantity }, (current) => {
        const existing = current.find((item) => item.productId === product.id);
        const wanted = (existing?.quantity ?? 0) + quantity;
        const line: CartItem = {
          productId: product.id,
          name: product.name,
          price: product.price,
          stock: product.stock,
          thumbnailUrl: product.thumbnail_url,
          quantity: limit(wanted, product.stock),
        };
        if (line.quantity === 0) return current;
        if (existing) return current.map((item) => (item === existing ? line : item));
        return current.length >= MAX_LINES ? current : [...current, line];
      });
    },
    [change],
  );

  const setQuantity = useCallback(
    (productId: number, quantity: number) => {
      change({ action: "set_quantity", productId, quantity }, (current) =>
        current.map((item) =>
          item.productId === productId
            ? { ...item, quantity: Math.max(1, limit(quantity, Math.max(item.stock, 1))) }
            : item,
        ),
      );
    },
    [change],
  );

  const removeItem = useCallback(
    (productId: number) => {
      change({ action: "remove", productId, quantity: 0 }, (current) =>
        current.filter((item) => item.productId !== productId),
      );
    },
    [change],
  );

  const clearCart = useCallback(() => {
    change({ action: "clear", productId: null, quantity: 0 }, () => []);
  }, [change]);

  const syncProducts = useCallback((products: readonly Product[]) => {
    const byId = new Map(products.map((product) => [product.id, product]));
    setItems((current) => {
      const next = current.map((item) => {
        const product = byId.get(item.productId);
        if (
          !product ||
          (product.name === item.name &&
            product.price === item.price &&
            product.stock === item.stock &&
            product.thumbnail_url === item.thumbnailUrl)
        ) {
          return item;
        }
        return {
          ...item,
          name: product.name,
          price: product.price,
          stock: product.stock,
          thumbnailUrl: product.thumbnail_url,
        };
      });
      return next.some((item, index) => item !== current[index]) ? next : current;
    });
  }, []);

  const value = useMemo<CartContextType>(
    () => ({
      items,
      addItem,
      setQuantity,
      removeItem,
      clearCart,
      syncProducts,
      getTotalItems: () => count,
      getTotalPrice: () => sum(items.map((item) => lineTotal(item.price, item.quantity))),
    }),
    [items, count, addItem, setQuantity, removeItem, clearCart, syncProducts],
  );
  return <CartContext.Provider value={value}>{children}</CartContext.Provider>;
}

export function useCart(): CartContextType {
  const context = useContext(CartContext);
  if (!context) throw new Error("useCart needs a CartProvider");
  return context;
}
