import { NewProductEditor } from "@/features/admin-products/components/product-editor-new";

export function Component() {
  return <NewProductEditor />;
}
