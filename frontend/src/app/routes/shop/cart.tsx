import { Cart } from "@/features/cart/components/cart";

export function Component() {
  return <Cart />;
}
