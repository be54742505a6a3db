import { useState } from "react";

import { useCart } from "@/lib/cart";

import { LoggedIn } from "@/app/routes/guard";
import { useCartProducts } from "@/features/cart/api/get-cart-products";
import { CartLines, cartProblems } from "@/features/cart/components/cart-lines";
import { Checkout } from "@/features/checkout/components/checkout";

function CheckoutPage() {
  const { items } = useCart();
  const products = useCartProducts();
  const [short, setShort] = useState<ReadonlySet<number>>(new Set());
  const stillShort = new Set(
    [...short].filter((id) => items.some((item) => item.productId === id)),
  );
  return (
    <Checkout
      lines={<CartLines products={products.data} flagged={stillShort} />}
      blocked={cartProblems(items, products.data) > 0}
      onStockProblem={(productIds) => {
        setShort(new Set(productIds));
        products.reload();
      }}
    />
  );
}

export function Component() {
  return (
    <LoggedIn>
      <CheckoutPage />
    </LoggedIn>
  );
}
