import { AdminPage } from "@/components/layouts/admin-layout";
import { paths } from "@/config/paths";

import { ImportProductsPage } from "@/features/admin-products/components/import-page";

export function Component() {
  return (
    <AdminPage title="Import products" crumbs={[{ label: "Products", to: paths.adminProducts }]}>
      <ImportProductsPage />
    </AdminPage>
  );
}
