import { AdminPage } from "@/components/layouts/admin-layout";

import { CustomerList } from "@/features/admin-customers/components/customer-list";

export function Component() {
  return (
    <AdminPage title="Customers">
      <CustomerList />
    </AdminPage>
  );
}
