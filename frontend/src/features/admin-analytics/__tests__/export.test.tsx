import { waitFor } from "@testing-library/react";

import { analytics } from "@/testing/admin/analytics";
import { anAdmin } from "@/testing/admin/products";
import { type CapturedDownloads, captureDownloads } from "@/testing/downloads";
import { http } from "@/testing/http";
import { server } from "@/testing/setup-tests";
import { error, requestsTo } from "@/testing/shop-backend";
import { renderApp, screen } from "@/testing/test-utils";

let captured: CapturedDownloads;

beforeAll(async () => {
  await Promise.all([
    import("@/app/routes/admin/root"),
    import("@/app/routes/admin/analytics/layout"),
    import("@/app/routes/admin/analytics/overview"),
    import("@/app/routes/admin/analytics/users"),
  ]);
});

beforeEach(() => {
  captured = captureDownloads();
});

test("a report downloads as CSV for the chosen range, with the admin's token", async () => {
  analytics.exports.revenue = "date,revenue,paid_orders\r\n2026-12-06,45.50,3\r\n";
  const { user } = renderApp("/admin/analytics?from=2026-11-01&to=2026-11-30&compare=previous", {
    user: anAdmin(),
  });

  await user.click(await screen.findByRole("button", { name: "Export revenue (CSV)" }));

  expect(await screen.findByText("Exported webshop-revenue-2026-12-06.csv")).toBeInTheDocument();
  const [sent] = requestsTo("GET", "/analytics/export");
  expect(sent?.authorization).toMatch(/^Bearer /);
  expect(sent?.search).toBe(
    "?report=revenue&date_from=2026-11-01&date_to=2026-11-30&compare=previous",
  );
  expect(captured.downloads).toEqual([
    { href: "blob:http://localhost:3000/export-1", download: "webshop-revenue-2026-12-06.csv" },
  ]);
  expect(await captured.created[0]!.text()).toBe(analytics.exports.revenue);
  await waitFor(() => {
    expect(captured.revoked).toEqual(["blob:http://localhost:3000/export-1"]);
  });
});

test("the Users tab exports its own reports", async () => {
  const { user } = renderApp("/admin/analytics/users", { user: anAdmin() });

  await user.click(await screen.findByRole("button", { name: "Export customers (CSV)" }));

  expect(await screen.findByText("Exported webshop-customers-2026-12-06.csv")).toBeInTheDocument();
  expect(requestsTo("GET", "/analytics/export")[0]?.search).toBe("?report=customers&days=7");
});

test("a failed export says why, and nothing is downloaded", async () => {
  server.use(
    http.get("/analytics/export", () => error(500, "internal_error", "The export failed here.")),
  );
  const { user } = renderApp("/admin/analytics", { user: anAdmin() });

  await user.click(await screen.findByRole("button", { name: "Export revenue (CSV)" }));

  expect(await screen.findByText("The export failed. The export failed here.")).toBeInTheDocument();
  expect(captured.downloads).toEqual([]);
  expect(screen.getByRole("button", { name: "Export revenue (CSV)" })).toBeEnabled();
});
