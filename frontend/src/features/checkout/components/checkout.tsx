import { type FormEvent, type ReactNode, useId, useRef, useState } from "react";
import { Link, useNavigate } from "react-router";

import { EmptyState, FormError, Loading } from "@/components/ui/status";
import { TextField } from "@/components/ui/text-field";
import { paths } from "@/config/paths";
import { ApiError, toApiError } from "@/lib/api-client";
import { useCart } from "@/lib/cart";
import { plural } from "@/lib/format";
import { Price } from "@/lib/shop";
import { useTitle } from "@/lib/title";
import { invalidate } from "@/lib/use-query";

import { placeOrder } from "@/features/checkout/api/place-order";
import {
  type Address,
  type AddressErrors,
  clearAddressDraft,
  formatAddress,
  useAddressDraft,
  validateAddress,
} from "@/features/checkout/hooks/address-draft";
import { endAttempt, idempotencyKeyFor } from "@/features/checkout/hooks/checkout-attempt";

const STOCK_CODES = new Set(["out_of_stock", "products_unavailable", "unknown_product"]);

const FIELDS: { field: keyof Address; label: string; autoComplete: string; type?: string }[] = [
  { field: "name", label: "Full name", autoComplete: "name" },
  { field: "street", label: "Street and number", autoComplete: "street-address" },
  { field: "postalCode", label: "Postal code", autoComplete: "postal-code" },
  { field: "city", label: "City", autoComplete: "address-level2" },
  { field: "country", label: "Country", autoComplete: "country-name" },
  { field: "phone", label: "Phone (optional)", autoComplete: "tel", type: "tel" },
];

export function Checkout({
  lines,
  blocked,
  onStockProblem,
}: {
  /** The cart's lines, as the cart shows them. */
  lines: ReactNode;
  /** Some line cannot be ordered as it is. */
  blocked: boolean;
  onStockProblem: (productIds: number[]) => void;
}) {
  useTitle("Checkout");
  const noteId = useId();
  const navigate = useNavigate();
  const { items, getTotalItems, getTotalPrice, clearCart } = useCart();
  const [address, setAddress] = useAddressDraft();
  const [errors, setErrors] = useState<AddressErrors>({});
  const [error, setError] = useState<string | null>(null);
  const [placing, setPlacing] = useState(false);
  const [placed, setPlaced] = useState(false);
  const inFlight = useRef(false);

  if (placed) return <Loading label="Order placed. Opening your confirmation…" />;
  if (items.length === 0) {
    return (
      <div className="page-narrow">
        <h1>Checkout</h1>
        <EmptyState title="Your cart is empty">
          <Link to={paths.home} className="button button-primary">
            Browse the catalog
          </Link>
        </EmptyState>
      </div>
    );
  }

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (inFlight.current) return; // a double click sends one request
    const found = validateAddress(address);
    setErrors(found);
    if (Object.keys(found).length > 0) {
      setError("Please complete the shipping address.");
      return;
    }
    const order = {
      items: items.map((item) => ({ product_id: item.productId, quantity: item.quantity })),
      shipping_address: formatAddress(address),
      note: address.note.trim() || null,
    };
    inFlight.current = true;
    setPlacing(true);
    setError(null);
    try {
      const placedOrder = await placeOrder(order, idempotencyKeyFor(order));
      endAttempt();
      clearAddressDraft();
      invalidate("orders");
      setPlaced(true);
      clearCart();
      void navigate(paths.confirmation(placedOrder.id), { replace: true });
    } catch (caught) {
      const apiError = toApiError(caught);
      if (apiError instanceof ApiError && STOCK_CODES.has(apiError.code)) {
        onStockProblem(apiError.productIds);
        setError(
          "Some products are not available in the quantity you chose. Adjust the marked lines, then place your order again.",
        );
      } else if (apiError.code === "validation_error") {
        setError(apiError.fieldErrors.shipping_address ?? apiError.message);
      } else {
        setError(apiError.message);
      }
    } finally {
      inFlight.current = false;
      setPlacing(false);
    }
  };

  return (
    <div className="checkout">
      <h1>Checkout</h1>
      <form className="checkout-grid" onSubmit={(event) => void submit(event)} noValidate>
        <fieldset className="checkout-address">
          <legend>Shipping address</legend>
          {FIELDS.map(({ field, label, autoComplete, type }) => (
            <TextField
              key={field}
              label={label}
              name={field}
              type={type ?? "text"}
              autoComplete={autoComplete}
              required={field !== "phone"}
              maxLength={200}
              value={address[field]}
              error={errors[field]}
              onChange={(event) => {
                setAddress({ ...address, [field]: event.target.value });
              }}
            />
          ))}
          <div className="field">
            <label htmlFor={noteId}>Note for the shop (optional)</label>
            <textarea
              id={noteId}
              name="note"
              rows={3}
              maxLength={1000}
              value={address.note}
              onChange={(event) => {
                setAddress({ ...address, note: event.target.value });
              }}
            />
          </div>
        </fieldset>
        <section className="checkout-summary" aria-labelledby="summary-heading">
          <h2 id="summary-heading">Your order</h2>
          {lines}
          <p className="cart-total">
            <span>Total ({plural(getTotalItems(), "item", "items")})</span>
            <Price amount={getTotalPrice()} />
          </p>
          <p className="muted">
            Prices are confirmed by the shop when you place the order; the confirmation shows the
            amount charged.
          </p>
          <FormError message={error} />
          <button
            type="submit"
            className="button button-primary button-large"
            disabled={placing || blocked}
            aria-describedby={blocked ? "checkout-blocked" : undefined}
          >
            {placing ? "Placing order…" : "Place order"}
          </button>
          {blocked && (
            <p id="checkout-blocked" className="line-problem">
              Fix the marked lines to place your order.
            </p>
          )}
        </section>
      </form>
    </div>
  );
}
