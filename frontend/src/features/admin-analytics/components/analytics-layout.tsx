import type { ReactNode } from "react";
import { NavLink, useSearchParams } from "react-router";

import { AdminPage } from "@/components/layouts/admin-layout";
import { Loading } from "@/components/ui/status";
import { useShop } from "@/lib/shop";

import { ExportButtons } from "@/features/admin-analytics/components/export-buttons";
import { LiveIndicator } from "@/features/admin-analytics/components/live-indicator";
import { RangePicker } from "@/features/admin-analytics/components/range-picker";
import { rangeSearch, TABS } from "@/features/admin-analytics/hooks/tabs";
import { AnalyticsProvider, useAnalytics } from "@/features/admin-analytics/hooks/use-analytics";

import "@/features/admin-analytics/analytics.css";

function ReportTabs() {
  const [params] = useSearchParams();
  const search = rangeSearch(params);
  return (
    <nav aria-label="Reports" className="report-tabs">
      <ul>
        {TABS.map((tab) => (
          <li key={tab.id}>
            <NavLink to={`${tab.path}${search}`} end>
              {tab.label}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}

function Frame({ children }: { children: ReactNode }) {
  const { tab, selection, select, period, timeZone, live } = useAnalytics();
  return (
    <AdminPage
      title="Analytics"
      actions={
        <>
          <LiveIndicator status={live.status} retryInMs={live.retryInMs} />
          <ExportButtons reports={tab.reports} period={period} />
        </>
      }
    >
      <ReportTabs />
      <RangePicker
        // A new range from outside (a link, the back button) starts the form afresh.
        key={`${selection.range.preset}:${selection.range.from}:${selection.range.to}:${String(selection.compare)}`}
        selection={selection}
        timeZone={timeZone}
        onChange={select}
      />
      {children}
    </AdminPage>
  );
}

/** The dashboard's frame: tabs, the range every tab shows, the live indicator, exports. */
export function AnalyticsLayout({ children }: { children: ReactNode }) {
  const shop = useShop();
  if (!shop) return <Loading label="Loading the shop's settings…" />;
  return (
    <AnalyticsProvider timeZone={shop.timezone} currency={shop.currency}>
      <Frame>{children}</Frame>
    </AnalyticsProvider>
  );
}
