import { Catalog } from "@/features/catalog/components/catalog";

export function CatalogRoute() {
  return <Catalog />;
}
