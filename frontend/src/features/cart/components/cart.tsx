import { Link } from "react-router";

import { EmptyState, ErrorState, Loading } from "@/components/ui/status";
import { paths } from "@/config/paths";
import { useCart } from "@/lib/cart";
import { plural } from "@/lib/format";
import { Price } from "@/lib/shop";
import { useTitle } from "@/lib/title";

import { useCartProducts } from "@/features/cart/api/get-cart-products";
import { CartLines, cartProblems } from "@/features/cart/components/cart-lines";

export function Cart() {
  useTitle("Cart");
  const { items, getTotalItems, getTotalPrice, clearCart } = useCart();
  const products = useCartProducts();

  if (items.length === 0) {
    return (
      <div className="page-narrow">
        <h1>Your cart</h1>
        <EmptyState title="Your cart is empty">
          <Link to={paths.home} className="button button-primary">
            Browse the catalog
          </Link>
        </EmptyState>
      </div>
    );
  }

  const problems = cartProblems(items, products.data);
  return (
    <div className="cart-page">
      <h1>Your cart</h1>
      {products.error && (
        <ErrorState
          error={products.error}
          title="Prices and stock could not be checked"
          onRetry={products.reload}
        />
      )}
      <CartLines products={products.data} />
      <div className="cart-summary">
        <p className="cart-total">
          <span>Total ({plural(getTotalItems(), "item", "items")})</span>
          <Price amount={getTotalPrice()} />
        </p>
        {products.isLoading && <Loading label="Checking prices and stock…" />}
        {problems > 0 && (
          <p className="line-problem" role="status">
            {plural(problems, "line needs", "lines need")} your attention before checkout.
          </p>
        )}
        <div className="form-actions">
          <button type="button" className="button button-secondary" onClick={clearCart}>
            Empty cart
          </button>
          {problems > 0 || products.isLoading ? (
            <button type="button" className="button button-primary" disabled>
              Checkout
            </button>
          ) : (
            <Link to={paths.checkout} className="button button-primary">
              Checkout
            </Link>
          )}
        </div>
      </div>
    </div>
  );
}
