import { AdminPage } from "@/components/layouts/admin-layout";

import { IntegrityChecks } from "@/features/admin-integrity/components/integrity-page";

export function Component() {
  return (
    <AdminPage title="Integrity">
      <IntegrityChecks />
    </AdminPage>
  );
}
