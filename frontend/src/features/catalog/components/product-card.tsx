import { Link } from "react-router";

import { ProductImage } from "@/components/ui/product-image";
import { RatingStars } from "@/components/ui/rating-stars";
import { paths } from "@/config/paths";
import { Price } from "@/lib/shop";

import type { Product } from "@/features/catalog/api/get-products";
import { StockBadge } from "@/features/catalog/components/stock-badge";

export function ProductCard({ product, eager }: { product: Product; eager: boolean }) {
  return (
    <article className="product-card">
      <Link to={paths.product(product.id)} className="product-card-link">
        <ProductImage src={product.thumbnail_url} alt="" size={400} eager={eager} />
        <h2 className="product-card-name">{product.name}</h2>
      </Link>
      <div className="product-card-meta">
        <Price amount={product.price} />
        <StockBadge stock={product.stock} />
      </div>
      <RatingStars rating={product.average_rating} count={product.review_count} />
      {product.category && <p className="product-card-category">{product.category}</p>}
    </article>
  );
}
