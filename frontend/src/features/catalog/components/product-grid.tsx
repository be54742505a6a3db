import { ProductCard } from "@/features/catalog/components/product-card";
import type { Product } from "@/features/catalog/api/get-products";

// The first row is on screen at once: loading it eagerly makes the page paint sooner.
const EAGER_IMAGES = 4;

export function ProductGrid({ products }: { products: Product[] }) {
  return (
    <ul className="product-grid">
      {products.map((product, index) => (
        <li key={product.id}>
          <ProductCard product={product} eager={index < EAGER_IMAGES} />
        </li>
      ))}
    </ul>
  );
}
