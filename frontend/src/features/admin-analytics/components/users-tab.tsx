import { ChartFigure } from "@/components/charts/chart-figure";
import { formatNumber, plural } from "@/lib/format";

import { type UserAnalytics, useUserAnalytics } from "@/features/admin-analytics/api/analytics";
import { dayLabel, seriesOf } from "@/features/admin-analytics/components/chart-data";
import { ComparedCard, KpiCard, KpiGroup } from "@/features/admin-analytics/components/kpi-card";
import { QueryState } from "@/features/admin-analytics/components/query-state";
import { useAnalytics } from "@/features/admin-analytics/hooks/use-analytics";

function UserFigures({ data }: { data: UserAnalytics }) {
  return (
    <KpiGroup title="The period's user figures" hideTitle>
      <ComparedCard title="New users" of={data} figure="signups" format={formatNumber} />
      <ComparedCard
        title="Active users"
        of={data}
        figure="active_users"
        format={formatNumber}
        note="Logged in, browsed, used the cart or ordered"
      />
      <KpiCard title="All accounts" value={formatNumber(data.total_users)} note="All time" />
      <KpiCard
        title="Customers"
        value={formatNumber(data.by_role.customer ?? 0)}
        note={`and ${plural(data.by_role.admin ?? 0, "administrator", "administrators")}`}
      />
    </KpiGroup>
  );
}

/** The Users tab: growth, activity and accounts by role. */
export function UsersTab() {
  const { period } = useAnalytics();
  const users = useUserAnalytics(period);
  return (
    <div className="analytics-tab">
      <QueryState query={users} what="the users report">
        {(data) => {
          const comparing = data.previous != null;
          const labels = data.series.map((point) => dayLabel(point.date));
          return (
            <>
              <UserFigures data={data} />
              <div className="analytics-charts">
                <ChartFigure
                  title="User growth"
                  headingLevel={2}
                  kind="line"
                  labels={labels}
                  series={seriesOf(
                    data.series,
                    "Accounts",
                    (point) => point.total_users,
                    comparing,
                    (point) => point.previous?.total_users ?? null,
                  )}
                  format={formatNumber}
                />
                <ChartFigure
                  title="Sign-ups and active users"
                  headingLevel={2}
                  kind="bar"
                  labels={labels}
                  series={[
                    { label: "Sign-ups", values: data.series.map((point) => point.signups) },
                    {
                      label: "Active users",
                      values: data.series.map((point) => point.active_users),
                    },
                  ]}
                  format={formatNumber}
                />
              </div>
            </>
          );
        }}
      </QueryState>
    </div>
  );
}
