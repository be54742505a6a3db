import { useState } from "react";
import { Link } from "react-router";

import { ProductImage } from "@/components/ui/product-image";
import { QuantityInput } from "@/components/ui/quantity-input";
import { RatingStars } from "@/components/ui/rating-stars";
import { paths } from "@/config/paths";
import { useCart } from "@/lib/cart";
import { Price } from "@/lib/shop";

import type { Product } from "@/features/catalog/api/get-products";
import { StockBadge } from "@/features/catalog/components/stock-badge";

export function ProductDetails({ product }: { product: Product }) {
  const { items, addItem } = useCart();
  const [quantity, setQuantity] = useState(1);
  const [added, setAdded] = useState<number | null>(null);
  const inCart = items.find((item) => item.productId === product.id)?.quantity ?? 0;
  const available = Math.max(0, product.stock - inCart);

  return (
    <article className="product-detail">
      <div className="product-detail-image">
        <ProductImage src={product.image_url} alt={product.name} size={800} eager />
      </div>
      <div className="product-detail-info">
        {product.category && (
          <Link
            className="eyebrow"
            to={`${paths.home}?category=${encodeURIComponent(product.category)}`}
          >
            {product.category}
          </Link>
        )}
        <h1>{product.name}</h1>
        <RatingStars rating={product.average_rating} count={product.review_count} />
        <p className="product-detail-price">
          <Price amount={product.price} />
        </p>
        <StockBadge stock={product.stock} />
        {product.description && <p className="product-description">{product.description}</p>}

        {product.stock > 0 ? (
          <form
            className="add-to-cart"
            onSubmit={(event) => {
              event.preventDefault();
              const count = Math.min(quantity, available);
              if (count > 0) {
                addItem(product, count);
                setAdded(count);
                setQuantity(1);
              }
            }}
          >
            <QuantityInput
              value={Math.min(quantity, Math.max(available, 1))}
              max={Math.max(available, 1)}
              onChange={setQuantity}
              disabled={available === 0}
            />
            <button type="submit" className="button button-primary" disabled={available === 0}>
              Add to cart
            </button>
          </form>
        ) : (
          <p className="muted">This product is sold out for now.</p>
        )}
        <p role="status" className="add-to-cart-status">
          {added !== null && (
            <>
              Added {added} to your cart. <Link to={paths.cart}>View cart</Link>
            </>
          )}
          {added === null &&
            inCart > 0 &&
            available === 0 &&
            "All available items are in your cart."}
        </p>
      </div>
    </article>
  );
}
