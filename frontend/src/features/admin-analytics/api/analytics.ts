import type { paths } from "@/lib/api/schema";
import { api, type Schemas, unwrap, unwrapPage } from "@/lib/api-client";
import type { apiPeriod } from "@/lib/date-range";
import { type DownloadedFile, unwrapDownload } from "@/lib/download";
import { useQuery } from "@/lib/use-query";

export type Dashboard = Schemas["Dashboard"];
export type Summary = Schemas["Summary"];
export type UserAnalytics = Schemas["UserAnalytics"];
export type ProductPerformance = Schemas["ProductPerformance"];
type ProductQuery = NonNullable<paths["/analytics/products"]["get"]["parameters"]["query"]>;
export type ProductSort = NonNullable<ProductQuery["sort"]>;
export type SortOrder = NonNullable<ProductQuery["order"]>;
export type Change = Record<string, string | null | undefined> | null | undefined;
export type ApiPeriod = ReturnType<typeof apiPeriod>;
export type Report = "revenue" | "orders" | "users" | "products" | "customers";

export const PRODUCTS_PER_PAGE = 20;

function keyOf(name: string, params: object): string {
  return `admin:analytics:${name}:${JSON.stringify(params)}`;
}

/** The Overview and Orders tabs' figures for a period; the API records the visit. */
export function useDashboard(period: ApiPeriod) {
  return useQuery(keyOf("dashboard", period), (signal) =>
    unwrap(api.GET("/analytics/dashboard", { params: { query: period }, signal })),
  );
}

export function useUserAnalytics(period: ApiPeriod) {
  return useQuery(keyOf("users", period), (signal) =>
    unwrap(api.GET("/analytics/users", { params: { query: period }, signal })),
  );
}

export function useProductPerformance(
  period: ApiPeriod,
  sort: ProductSort,
  order: SortOrder | null,
  page: number,
) {
  const query = {
    ...period,
    sort,
    ...(order ? { order } : {}),
    skip: (page - 1) * PRODUCTS_PER_PAGE,
    limit: PRODUCTS_PER_PAGE,
  };
  return useQuery(
    keyOf("products", query),
    (signal) => unwrapPage(api.GET("/analytics/products", { params: { query }, signal })),
    { keepPrevious: true },
  );
}

/** All-time totals and today's, which the live stream keeps current. */
export function useTodayFigures() {
  return useQuery("admin:analytics:today", (signal) =>
    unwrap(api.GET("/analytics/overview", { signal })),
  );
}

/** A report as CSV for the period, fetched with the admin's token. */
export function exportReport(report: Report, period: ApiPeriod): Promise<DownloadedFile> {
  return unwrapDownload(
    api.GET("/analytics/export", { params: { query: { report, ...period } }, parseAs: "blob" }),
    `${report}.csv`,
  );
}
