import { AdminPage } from "@/components/layouts/admin-layout";

import { Overview } from "@/features/admin-overview/components/overview";

export function Component() {
  return (
    <AdminPage title="Overview">
      <Overview />
    </AdminPage>
  );
}
