import { ProductsTab } from "@/features/admin-analytics/components/products-tab";

export function Component() {
  return <ProductsTab />;
}
