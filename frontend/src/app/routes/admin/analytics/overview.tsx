import { OverviewTab } from "@/features/admin-analytics/components/overview-tab";
import { LowStock } from "@/features/admin-overview/components/overview";

export function Component() {
  return <OverviewTab lowStock={<LowStock />} />;
}
