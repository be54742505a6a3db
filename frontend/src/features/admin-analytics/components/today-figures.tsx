import { ErrorState } from "@/components/ui/status";
import { formatMoney, formatNumber } from "@/lib/format";
import { useReloadOn } from "@/lib/use-query";

import { useTodayFigures } from "@/features/admin-analytics/api/analytics";
import { KpiCard, KpiGroup } from "@/features/admin-analytics/components/kpi-card";
import { useAnalytics } from "@/features/admin-analytics/hooks/use-analytics";

const WAITING = "…";

/** Today's orders and revenue (shop time zone), fetched again as live updates arrive. */
export function TodayFigures() {
  const { live, currency } = useAnalytics();
  const today = useTodayFigures();
  useReloadOn(live.version, today.reload);
  if (today.error && !today.data) {
    return (
      <ErrorState
        error={today.error}
        title="Could not load today's figures"
        onRetry={today.reload}
      />
    );
  }
  const data = today.data;
  return (
    <KpiGroup title="Today" compact>
      <KpiCard title="Orders today" value={data ? formatNumber(data.today_orders) : WAITING} />
      <KpiCard
        title="Revenue today"
        value={data ? formatMoney(data.today_revenue, currency) : WAITING}
      />
    </KpiGroup>
  );
}
