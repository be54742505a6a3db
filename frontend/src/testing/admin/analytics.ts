/**
 * The fake API's analytics endpoints. The figures are whatever a test arranges in
 * `analytics` (the real ones are computed and tested in the backend); the requests say which
 * period the dashboard asked for. `/analytics/stream` stays open until the test ends and
 * delivers what the test `send`s.
 */
import type { HttpResponse, RequestHandler } from "msw";

import type { Schemas } from "@/lib/api-client";

import { http } from "@/testing/http";
import { caller, error, notAuthenticated } from "@/testing/shop-backend";

type Dashboard = Schemas["Dashboard"];
type UserAnalytics = Schemas["UserAnalytics"];
type Product = Schemas["ProductPerformance"];
type Overview = Schemas["Overview"];

const TODAY = "2026-12-06";

export function anOverview(fields: Partial<Overview> = {}): Overview {
  return {
    total_revenue: "1500.00",
    total_orders: 120,
    paid_orders: 100,
    total_users: 40,
    total_customers: 38,
    total_products: 60,
    today_orders: 3,
    today_revenue: "45.50",
    average_order_value: "15.00",
    ...fields,
  };
}

const days = (count: number, last = TODAY) => {
  const end = Date.parse(`${last}T00:00:00Z`);
  return Array.from({ length: count }, (_, index) =>
    new Date(end - (count - 1 - index) * 86_400_000).toISOString().slice(0, 10),
  );
};

export function aDashboard(fields: Partial<Dashboard> = {}): Dashboard {
  const dates = days(3);
  return {
    period: { date_from: dates[0]!, date_to: TODAY, days: 3 },
    previous_period: null,
    summary: {
      revenue: "1234.50",
      orders: 17,
      paid_orders: 14,
      cancelled_orders: 2,
      average_order_value: "88.18",
      units_sold: 41,
      new_users: 5,
      active_users: 12,
    },
    previous: null,
    change: null,
    orders_by_status: { pending: 1, paid: 6, shipped: 5, delivered: 3, cancelled: 2 },
    overview: anOverview(),
    revenue: dates.map((date, index) => ({
      date,
      revenue: ["400.00", "0.00", "834.50"][index]!,
      paid_orders: [4, 0, 10][index]!,
    })),
    orders: dates.map((date, index) => ({
      date,
      orders: [5, 0, 12][index]!,
      paid_orders: [4, 0, 10][index]!,
      cancelled_orders: [1, 0, 1][index]!,
    })),
    recent_orders: [],
    top_sellers: [
      { product_id: 1, name: "Sencha", units_sold: 20, revenue: "250.00" },
      { product_id: 2, name: "Matcha", units_sold: 6, revenue: "180.00" },
    ],
    generated_at: `${TODAY}T12:00:00Z`,
    ...fields,
  };
}

export function aUserAnalytics(fields: Partial<UserAnalytics> = {}): UserAnalytics {
  const dates = days(3);
  return {
    days: 3,
    period: { date_from: dates[0]!, date_to: TODAY, days: 3 },
    previous_period: null,
    summary: { signups: 4, active_users: 9 },
    previous: null,
    change: null,
    total_users: 40,
    by_role: { customer: 38, admin: 2 },
    series: dates.map((date, index) => ({
      date,
      signups: [1, 0, 3][index]!,
      active_users: [5, 2, 6][index]!,
      total_users: [37, 37, 40][index]!,
    })),
    ...fields,
  };
}

export function aProductPerformance(fields: Partial<Product> = {}): Product {
  return {
    product_id: 1,
    name: "Sencha",
    category: "Tea",
    is_active: true,
    units_sold: 20,
    revenue: "250.00",
    order_count: 15,
    views: 300,
    conversion: "0.0500",
    average_rating: 4.5,
    review_count: 8,
    previous: null,
    change: null,
    ...fields,
  };
}

interface AnalyticsState {
  overview: Overview;
  dashboard: Dashboard;
  users: UserAnalytics;
  products: Product[];
  /** CSV bodies by report. */
  exports: Partial<Record<string, string>>;
}

export const analytics = {} as AnalyticsState;

const encoder = new TextEncoder();
const streams = new Set<ReadableStreamDefaultController<Uint8Array>>();

/** Deliver an update to every open `/analytics/stream`, as the API words it. */
export function sendLiveUpdate(update: Record<string, unknown>): void {
  const message = encoder.encode(`event: update\ndata: ${JSON.stringify(update)}\n\n`);
  for (const controller of streams) controller.enqueue(message);
}

/** How many streams are open. */
export function openStreams(): number {
  return streams.size;
}

/** End every open stream, as a server restart would. */
export function closeStreams(): void {
  for (const controller of streams) {
    try {
      controller.close();
    } catch {
      // already closed by the client
    }
  }
  streams.clear();
}

/** Called before every test: back to the default figures, every stream ended. */
export function reset(): void {
  closeStreams();
  Object.assign(analytics, {
    overview: anOverview(),
    dashboard: aDashboard(),
    users: aUserAnalytics(),
    products: [aProductPerformance()],
    exports: {},
  });
}

function adminCalling(request: Request): HttpResponse<never> | null {
  const user = caller(request);
  if (!user) return notAuthenticated();
  if (user.role !== "admin") return error(403, "admin_required", "Administrator access required");
  return null;
}

export const handlers: RequestHandler[] = [
  http.get("/analytics/overview", ({ request, response }) => {
    return adminCalling(request) ?? response(200).json(analytics.overview);
  }),
  http.get("/analytics/dashboard", ({ request, response }) => {
    return adminCalling(request) ?? response(200).json(analytics.dashboard);
  }),
  http.get("/analytics/users", ({ request, response }) => {
    return adminCalling(request) ?? response(200).json(analytics.users);
  }),
  http.get("/analytics/products", ({ request, query, response }) => {
    const refusal = adminCalling(request);
    if (refusal) return refusal;
    const skip = Number(query.get("skip") ?? 0);
    const limit = Number(query.get("limit") ?? 20);
    return response(200).json(analytics.products.slice(skip, skip + limit), {
      headers: { "X-Total-Count": String(analytics.products.length) },
    });
  }),
  http.get("/analytics/export", ({ request, query, response }) => {
    const refusal = adminCalling(request);
    if (refusal) return refusal;
    const report = query.get("report");
    return response.untyped(
      new Response(analytics.exports[report] ?? "date\r\n", {
        headers: {
          "Content-Type": "text/csv; charset=utf-8",
          "Content-Disposition": `attachment; filename="webshop-${report}-${TODAY}.csv"`,
        },
      }),
    );
  }),
  http.get("/analytics/stream", ({ request, response }) => {
    const refusal = adminCalling(request);
    if (refusal) return refusal;
    let opened: ReadableStreamDefaultController<Uint8Array> | undefined;
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        opened = controller;
        streams.add(controller);
        controller.enqueue(encoder.encode(": connected\n\n"));
      },
      cancel() {
        if (opened) streams.delete(opened);
      },
    });
    request.signal.addEventListener("abort", () => {
      if (opened) streams.delete(opened);
    });
    return response.untyped(
      new Response(body, { headers: { "Content-Type": "text/event-stream" } }),
    );
  }),
];
