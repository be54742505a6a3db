import { Link } from "react-router";

import { ChartFigure } from "@/components/charts/chart-figure";
import { DataCard } from "@/components/ui/data-card";
import { ORDER_STATUS_LABELS, type OrderStatus } from "@/components/ui/order-status";
import { paths } from "@/config/paths";
import { formatMoney, formatNumber } from "@/lib/format";

import { type Dashboard, useDashboard } from "@/features/admin-analytics/api/analytics";
import { dayLabel, seriesOf } from "@/features/admin-analytics/components/chart-data";
import { ComparedCard, KpiGroup } from "@/features/admin-analytics/components/kpi-card";
import { QueryState } from "@/features/admin-analytics/components/query-state";
import { TodayFigures } from "@/features/admin-analytics/components/today-figures";
import { TopSellersTable } from "@/features/admin-analytics/components/top-sellers";
import { useAnalytics } from "@/features/admin-analytics/hooks/use-analytics";

const STATUSES = Object.keys(ORDER_STATUS_LABELS) as OrderStatus[];

function OrderFigures({ data, currency }: { data: Dashboard; currency: string }) {
  const money = (amount: string) => formatMoney(amount, currency);
  return (
    <KpiGroup title="The period's order figures" hideTitle>
      <ComparedCard title="Orders" of={data} figure="orders" format={formatNumber} />
      <ComparedCard
        title="Cancelled orders"
        of={data}
        figure="cancelled_orders"
        format={formatNumber}
        inverse
      />
      <ComparedCard title="Revenue" of={data} figure="revenue" format={money} />
      <ComparedCard
        title="Average order value"
        of={data}
        figure="average_order_value"
        format={money}
      />
    </KpiGroup>
  );
}

/** Orders placed in the period by their status now, each a link to those orders. */
function OrdersByStatus({ data }: { data: Dashboard }) {
  const total = STATUSES.reduce((sum, status) => sum + (data.orders_by_status[status] ?? 0), 0);
  const { date_from: from, date_to: to } = data.period;
  return (
    <div className="table-scroll">
      <table className="data-table">
        <caption className="visually-hidden">Orders placed in the period by status</caption>
        <thead>
          <tr>
            <th scope="col">Status</th>
            <th scope="col" className="numeric">
              Orders
            </th>
            <th scope="col" className="numeric">
              Share
            </th>
          </tr>
        </thead>
        <tbody>
          {STATUSES.map((status) => {
            const count = data.orders_by_status[status] ?? 0;
            const label = ORDER_STATUS_LABELS[status];
            return (
              <tr key={status}>
                <td>
                  <Link to={`${paths.adminOrders}?status=${status}&from=${from}&to=${to}`}>
                    {label}
                  </Link>
                </td>
                <td className="numeric">{formatNumber(count)}</td>
                <td className="numeric">
                  {total === 0 ? "—" : `${((count / total) * 100).toFixed(1)}%`}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/** The Orders tab: the period's order statistics, today live, statuses and best sellers. */
export function OrdersTab() {
  const { period, currency } = useAnalytics();
  const dashboard = useDashboard(period);
  return (
    <div className="analytics-tab">
      <TodayFigures />
      <QueryState query={dashboard} what="the orders report">
        {(data) => (
          <>
            <OrderFigures data={data} currency={currency} />
            <div className="analytics-charts">
              <ChartFigure
                title="Orders per day"
                headingLevel={2}
                kind="line"
                labels={data.orders.map((point) => dayLabel(point.date))}
                series={[
                  ...seriesOf(
                    data.orders,
                    "Orders",
                    (point) => point.orders,
                    data.previous != null,
                    (point) => point.previous?.orders ?? null,
                  ),
                  { label: "Cancelled", values: data.orders.map((p) => p.cancelled_orders) },
                ]}
                format={formatNumber}
              />
            </div>
            <div className="analytics-grid">
              <DataCard title="Orders by status">
                <OrdersByStatus data={data} />
              </DataCard>
              <DataCard title="Top-selling products">
                <TopSellersTable sellers={data.top_sellers} />
              </DataCard>
            </div>
          </>
        )}
      </QueryState>
    </div>
  );
}
