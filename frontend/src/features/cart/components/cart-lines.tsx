import { Link } from "react-router";

import { ProductImage } from "@/components/ui/product-image";
import { QuantityInput } from "@/components/ui/quantity-input";
import { paths } from "@/config/paths";
import type { Schemas } from "@/lib/api-client";
import { type CartItem, MAX_QUANTITY, useCart } from "@/lib/cart";
import { lineTotal } from "@/lib/money";
import { Price } from "@/lib/shop";

import { type LineProblem, lineProblem } from "@/features/cart/api/get-cart-products";

type Product = Schemas["ProductRead"];

function problemText(problem: LineProblem, product: Product | null | undefined): string | null {
  switch (problem) {
    case "unavailable":
      return "No longer available: remove it to continue.";
    case "sold_out":
      return "Sold out: remove it to continue.";
    case "short":
      return `Only ${product?.stock ?? 0} left: lower the quantity to continue.`;
    default:
      return null;
  }
}

/** The cart's lines with quantities, totals and what stands in the way of ordering them. */
export function CartLines({
  products,
  flagged,
  editable = true,
}: {
  products: Map<number, Product | null> | undefined;
  /** Lines the server refused for want of stock, until fresh stock figures explain why. */
  flagged?: ReadonlySet<number>;
  editable?: boolean;
}) {
  const { items } = useCart();
  return (
    <ul className="cart-lines">
      {items.map((item) => (
        <CartLine
          key={item.productId}
          item={item}
          product={products?.get(item.productId)}
          flagged={flagged?.has(item.productId) ?? false}
          editable={editable}
        />
      ))}
    </ul>
  );
}

function CartLine({
  item,
  product,
  flagged,
  editable,
}: {
  item: CartItem;
  product: Product | null | undefined;
  flagged: boolean;
  editable: boolean;
}) {
  const { setQuantity, removeItem } = useCart();
  const problem = lineProblem(product, item.quantity) ?? (flagged ? "short" : null);
  const message =
    problem === "short" && (!product || product.stock >= item.quantity)
      ? "Not enough in stock: checking how many are left…"
      : problemText(problem, product);
  const max = Math.min(Math.max(product?.stock ?? item.stock, item.quantity, 1), MAX_QUANTITY);
  return (
    <li
      className={`cart-line${problem ? " cart-line-problem" : ""}`}
      data-product-id={item.productId}
    >
      <ProductImage src={item.thumbnailUrl} alt="" size={96} />
      <div className="cart-line-info">
        <Link to={paths.product(item.productId)} className="cart-line-name">
          {item.name}
        </Link>
        <p className="muted">
          <Price amount={item.price} /> each
        </p>
        {message && (
          <p className="line-problem" role="alert">
            {message}
          </p>
        )}
      </div>
      <div className="cart-line-actions">
        {editable ? (
          <>
            <QuantityInput
              label={`Quantity of ${item.name}`}
              value={item.quantity}
              max={max}
              onChange={(quantity) => {
                setQuantity(item.productId, quantity);
              }}
            />
            {problem === "short" && product && product.stock < item.quantity && (
              <button
                type="button"
                className="link-button"
                onClick={() => {
                  setQuantity(item.productId, product.stock);
                }}
              >
                Change to {product.stock}
              </button>
            )}
            <button
              type="button"
              className="link-button"
              onClick={() => {
                removeItem(item.productId);
              }}
              aria-label={`Remove ${item.name}`}
            >
              Remove
            </button>
          </>
        ) : (
          <span>× {item.quantity}</span>
        )}
      </div>
      <p className="cart-line-total">
        <Price amount={lineTotal(item.price, item.quantity)} />
      </p>
    </li>
  );
}

export function cartProblems(
  items: readonly CartItem[],
  products: Map<number, Product | null> | undefined,
): number {
  return items.filter((item) => lineProblem(products?.get(item.productId), item.quantity)).length;
}
