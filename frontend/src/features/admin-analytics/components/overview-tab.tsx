import type { ReactNode } from "react";

import { ChartFigure } from "@/components/charts/chart-figure";
import { DataCard } from "@/components/ui/data-card";
import { formatMoney, formatNumber } from "@/lib/format";

import { type Dashboard, useDashboard } from "@/features/admin-analytics/api/analytics";
import { dayLabel, moneyFormats, seriesOf } from "@/features/admin-analytics/components/chart-data";
import { ComparedCard, KpiGroup } from "@/features/admin-analytics/components/kpi-card";
import { QueryState } from "@/features/admin-analytics/components/query-state";
import { TodayFigures } from "@/features/admin-analytics/components/today-figures";
import { TopSellersTable } from "@/features/admin-analytics/components/top-sellers";
import { useAnalytics } from "@/features/admin-analytics/hooks/use-analytics";

function PeriodFigures({ data, currency }: { data: Dashboard; currency: string }) {
  const money = (amount: string) => formatMoney(amount, currency);
  return (
    <KpiGroup title="The period's figures" hideTitle>
      <ComparedCard title="Revenue" of={data} figure="revenue" format={money} />
      <ComparedCard title="Orders" of={data} figure="orders" format={formatNumber} />
      <ComparedCard title="New users" of={data} figure="new_users" format={formatNumber} />
      <ComparedCard
        title="Products sold"
        of={data}
        figure="units_sold"
        format={formatNumber}
        note="Units in paid orders"
      />
    </KpiGroup>
  );
}

function Trends({ data, currency }: { data: Dashboard; currency: string }) {
  const comparing = data.previous != null;
  return (
    <div className="analytics-charts">
      <ChartFigure
        title="Revenue trend"
        headingLevel={2}
        kind="line"
        labels={data.revenue.map((point) => dayLabel(point.date))}
        series={seriesOf(
          data.revenue,
          "Revenue",
          (point) => Number(point.revenue),
          comparing,
          (point) => (point.previous ? Number(point.previous.revenue) : null),
        )}
        {...moneyFormats(currency)}
      />
      <ChartFigure
        title="Orders trend"
        headingLevel={2}
        kind="bar"
        labels={data.orders.map((point) => dayLabel(point.date))}
        series={seriesOf(
          data.orders,
          "Orders",
          (point) => point.orders,
          comparing,
          (point) => point.previous?.orders ?? null,
        )}
        format={formatNumber}
      />
    </div>
  );
}

/**
 * The Overview tab: the period at a glance, today live, what sold, what runs out. The console's
 * cards of recent orders (given the live feed's version, to fetch again on) and of low stock
 * come from the page.
 */
export function OverviewTab({
  recentOrders,
  lowStock,
}: {
  recentOrders?: (refreshOn: number) => ReactNode;
  lowStock?: ReactNode;
}) {
  const { period, currency, live } = useAnalytics();
  const dashboard = useDashboard(period);
  return (
    <div className="analytics-tab">
      <TodayFigures />
      <QueryState query={dashboard} what="the overview">
        {(data) => (
          <>
            <PeriodFigures data={data} currency={currency} />
            <Trends data={data} currency={currency} />
          </>
        )}
      </QueryState>
      <div className="analytics-grid">
        {recentOrders?.(live.version)}
        {dashboard.data && (
          <DataCard title="Top sellers">
            <TopSellersTable sellers={dashboard.data.top_sellers} />
          </DataCard>
        )}
        {lowStock}
      </div>
    </div>
  );
}
