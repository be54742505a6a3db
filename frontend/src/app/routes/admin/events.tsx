import { AdminPage } from "@/components/layouts/admin-layout";

import { EventLog } from "@/features/admin-events/components/event-log";

export function Component() {
  return (
    <AdminPage title="Events">
      <EventLog />
    </AdminPage>
  );
}
