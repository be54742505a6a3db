import { Outlet } from "react-router";

import { AnalyticsLayout } from "@/features/admin-analytics/components/analytics-layout";

export function Component() {
  return (
    <AnalyticsLayout>
      <Outlet />
    </AnalyticsLayout>
  );
}
