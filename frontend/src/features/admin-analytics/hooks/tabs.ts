import { paths } from "@/config/paths";
import type { Preset } from "@/lib/date-range";

import type { Report } from "@/features/admin-analytics/api/analytics";

export type TabId = "overview" | "orders" | "users" | "products";

export interface Tab {
  id: TabId;
  label: string;
  path: string;
  /** The range shown while the URL names none. */
  fallback: Exclude<Preset, "custom">;
  /** What the tab's export buttons download. */
  reports: { report: Report; label: string }[];
}

export const TABS: readonly Tab[] = [
  {
    id: "overview",
    label: "Overview",
    path: paths.adminAnalytics,
    fallback: "30d",
    reports: [{ report: "revenue", label: "Export revenue (CSV)" }],
  },
  {
    id: "orders",
    label: "Orders",
    path: paths.adminAnalyticsOrders,
    fallback: "30d",
    reports: [{ report: "orders", label: "Export orders (CSV)" }],
  },
  {
    id: "users",
    label: "Users",
    path: paths.adminAnalyticsUsers,
    fallback: "7d",
    reports: [
      { report: "users", label: "Export users (CSV)" },
      { report: "customers", label: "Export customers (CSV)" },
    ],
  },
  {
    id: "products",
    label: "Products",
    path: paths.adminAnalyticsProducts,
    fallback: "30d",
    reports: [{ report: "products", label: "Export products (CSV)" }],
  },
];

/** The tab a path shows (the Overview for anything else under /admin/analytics). */
export function tabAt(pathname: string): Tab {
  const path = pathname.replace(/\/+$/, "");
  return TABS.find((tab) => tab.path === path) ?? (TABS[0] as Tab);
}

/** The URL parameters that carry a range from tab to tab; a tab's own (sort, page) stay. */
export const RANGE_PARAMS = ["range", "from", "to", "compare"] as const;

export function rangeSearch(params: URLSearchParams): string {
  const kept = new URLSearchParams();
  for (const name of RANGE_PARAMS) {
    const value = params.get(name);
    if (value !== null) kept.set(name, value);
  }
  const search = kept.toString();
  return search ? `?${search}` : "";
}
