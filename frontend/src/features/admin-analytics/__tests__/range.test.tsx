import { within } from "@testing-library/react";

import { anAdmin } from "@/testing/admin/products";
import { requestsTo } from "@/testing/shop-backend";
import { renderApp, screen } from "@/testing/test-utils";

beforeAll(async () => {
  await Promise.all([
    import("@/app/routes/admin/root"),
    import("@/app/routes/admin/analytics/layout"),
    import("@/app/routes/admin/analytics/overview"),
    import("@/app/routes/admin/analytics/users"),
  ]);
});

const dashboardQueries = () => requestsTo("GET", "/analytics/dashboard").map((r) => r.search);

test("a preset and the comparison go into the URL and the API's question", async () => {
  const { user, router } = renderApp("/admin/analytics", { user: anAdmin() });
  const period = await screen.findByRole("combobox", { name: "Period" });
  expect(period).toHaveValue("30d");
  await screen.findByRole("region", { name: "Revenue" });

  await user.selectOptions(period, "Last 7 days");
  expect(router.state.location.search).toBe("?range=7d");
  await user.click(screen.getByRole("checkbox", { name: "Compare with previous period" }));
  expect(router.state.location.search).toBe("?range=7d&compare=previous");
  await screen.findByRole("region", { name: "Revenue" });

  expect(dashboardQueries()).toEqual(["?days=30", "?days=7", "?days=7&compare=previous"]);
  expect(screen.getByText(/compared with/)).toBeInTheDocument();
});

test("a custom range is checked before it is asked for", async () => {
  const { user, router } = renderApp("/admin/analytics", { user: anAdmin() });
  await user.selectOptions(await screen.findByRole("combobox", { name: "Period" }), "Custom");
  const from = screen.getByLabelText("From");
  const to = screen.getByLabelText("To");

  await user.clear(from);
  await user.type(from, "2026-11-20");
  await user.clear(to);
  await user.type(to, "2026-11-10");
  await user.click(screen.getByRole("button", { name: "Apply" }));
  expect(await screen.findByRole("alert")).toHaveTextContent(/./);
  expect(from).toHaveAttribute("aria-invalid", "true");
  expect(router.state.location.search).toBe("");

  await user.clear(to);
  await user.type(to, "2026-11-30");
  await user.click(screen.getByRole("button", { name: "Apply" }));
  expect(router.state.location.search).toBe("?from=2026-11-20&to=2026-11-30");
  await screen.findByRole("region", { name: "Revenue" });
  expect(dashboardQueries().at(-1)).toBe("?date_from=2026-11-20&date_to=2026-11-30");
  expect(screen.queryByRole("alert")).not.toBeInTheDocument();
});

test("the tabs carry the range; a tab without one shows its own default", async () => {
  const { user, router } = renderApp("/admin/analytics/users", { user: anAdmin() });
  expect(await screen.findByRole("combobox", { name: "Period" })).toHaveValue("7d");
  await screen.findByRole("region", { name: "New users" });
  expect(requestsTo("GET", "/analytics/users")[0]?.search).toBe("?days=7");

  const tabs = screen.getByRole("navigation", { name: "Reports" });
  expect(within(tabs).getByRole("link", { name: "Overview" })).toHaveAttribute(
    "href",
    "/admin/analytics",
  );
  await user.selectOptions(screen.getByRole("combobox", { name: "Period" }), "Last 90 days");
  expect(within(tabs).getByRole("link", { name: "Orders" })).toHaveAttribute(
    "href",
    "/admin/analytics/orders?range=90d",
  );
  await user.click(within(tabs).getByRole("link", { name: "Overview" }));
  expect(router.state.location.pathname).toBe("/admin/analytics");
  expect(await screen.findByRole("combobox", { name: "Period" })).toHaveValue("90d");
  await screen.findByRole("region", { name: "Revenue" });
  expect(dashboardQueries()).toEqual(["?days=90"]);
});

test("a range in the URL that makes no sense falls back to the default", async () => {
  renderApp("/admin/analytics?from=2026-13-40&to=nope", { user: anAdmin() });
  expect(await screen.findByRole("combobox", { name: "Period" })).toHaveValue("30d");
  await screen.findByRole("region", { name: "Revenue" });
  expect(dashboardQueries()).toEqual(["?days=30"]);
});
