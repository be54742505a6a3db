import { waitFor, within } from "@testing-library/react";

import {
  analytics,
  anOverview,
  closeStreams,
  openStreams,
  sendLiveUpdate,
} from "@/testing/admin/analytics";
import { anAdmin } from "@/testing/admin/products";
import { anOrder } from "@/testing/data";
import { backend, requestsTo } from "@/testing/shop-backend";
import { renderApp, screen } from "@/testing/test-utils";

import { isOrderUpdate } from "@/features/admin-analytics/hooks/use-live-updates";

beforeAll(async () => {
  await Promise.all([
    import("@/app/routes/admin/root"),
    import("@/app/routes/admin/analytics/layout"),
    import("@/app/routes/admin/analytics/overview"),
  ]);
});

const figure = (name: string) =>
  screen.getByRole("region", { name }).querySelector(".kpi-value")?.textContent;

test("a new order moves today's figures and the recent orders without a reload", async () => {
  analytics.overview = anOverview({ today_orders: 3, today_revenue: "45.50" });
  backend.orders = [anOrder({ id: 41, created_at: "2026-12-06T09:00:00Z" })];
  renderApp("/admin/analytics", { user: anAdmin() });

  const indicator = await screen.findByText("Live");
  expect(indicator).toHaveAttribute("role", "status");
  expect(openStreams()).toBe(1);
  const stream = requestsTo("GET", "/analytics/stream")[0];
  expect(stream?.authorization).toMatch(/^Bearer /);
  expect(stream?.search).toBe("");
  await waitFor(() => {
    expect(figure("Orders today")).toBe("3");
  });
  const recent = screen.getByRole("region", { name: "Recent orders" });
  await within(recent).findByRole("link", { name: "Order #41" });
  const dashboardLoads = requestsTo("GET", "/analytics/dashboard").length;

  analytics.overview = anOverview({ today_orders: 4, today_revenue: "57.50" });
  backend.orders.push(anOrder({ id: 42, created_at: "2026-12-06T10:00:00Z" }));
  sendLiveUpdate({ type: "order_created", order_id: 42, total_amount: "12.00" });

  await waitFor(() => {
    expect(figure("Orders today")).toBe("4");
  });
  expect(figure("Revenue today")).toBe("€57.50");
  expect(await within(recent).findByRole("link", { name: "Order #42" })).toBeInTheDocument();
  // The live figures were fetched again; the period's report (and its visit record) was not.
  expect(requestsTo("GET", "/analytics/dashboard")).toHaveLength(dashboardLoads);
});

test("only order updates refresh the figures", () => {
  expect(isOrderUpdate(JSON.stringify({ type: "order_created", order_id: 1 }))).toBe(true);
  expect(isOrderUpdate(JSON.stringify({ type: "order_cancelled", order_id: 1 }))).toBe(true);
  expect(isOrderUpdate(JSON.stringify({ type: "product_viewed", product_id: 3 }))).toBe(false);
  expect(isOrderUpdate(JSON.stringify({ order_id: 1 }))).toBe(false);
  expect(isOrderUpdate("not json")).toBe(false);
});

test("after a reconnection the live figures are fetched again", async () => {
  renderApp("/admin/analytics", { user: anAdmin() });
  await screen.findByText("Live");
  await waitFor(() => {
    expect(figure("Orders today")).toBe("3");
  });
  const overviewLoads = requestsTo("GET", "/analytics/overview").length;

  analytics.overview = anOverview({ today_orders: 5 });
  closeStreams();

  await waitFor(
    () => {
      expect(figure("Orders today")).toBe("5");
    },
    { timeout: 5000 },
  );
  expect(requestsTo("GET", "/analytics/stream")).toHaveLength(2);
  expect(requestsTo("GET", "/analytics/overview").length).toBeGreaterThan(overviewLoads);
});
