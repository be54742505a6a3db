import { AdminPage } from "@/components/layouts/admin-layout";

import { ActivityLog } from "@/features/admin-activity/components/activity-log";

export function Component() {
  return (
    <AdminPage title="Activity">
      <ActivityLog />
    </AdminPage>
  );
}
