import { OverviewTab } from "@/features/admin-analytics/components/overview-tab";
import { LowStock, RecentOrders } from "@/features/admin-overview/components/overview";

export function Component() {
  return (
    <OverviewTab
      recentOrders={(refreshOn) => <RecentOrders refreshOn={refreshOn} />}
      lowStock={<LowStock />}
    />
  );
}
