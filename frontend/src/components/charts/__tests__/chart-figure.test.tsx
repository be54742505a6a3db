import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { TooltipItem } from "chart.js";

import {
  barData,
  chartOptions,
  type ChartSeries,
  lineData,
} from "@/components/charts/chart-config";
import {
  ChartFigure,
  type ChartFigureProps,
  describeChart,
} from "@/components/charts/chart-figure";
import { readChartTheme } from "@/components/charts/theme";
import { formatCompactMoney, formatMoney } from "@/lib/format";

const euros = (value: number) => formatMoney(value.toFixed(2), "EUR", "en-GB");
const compact = (value: number) => formatCompactMoney(value, "EUR", "en-US");

const revenue: ChartFigureProps = {
  title: "Revenue",
  kind: "line",
  labels: ["1 Nov", "2 Nov", "3 Nov", "4 Nov", "5 Nov"],
  series: [{ label: "Revenue", values: [0, 12.5, 1234.5, 40, 12] }],
  format: euros,
  axisFormat: compact,
};

const compared: ChartSeries[] = [
  { label: "This period", values: [10, 20, null] },
  { label: "Previous period", values: [5, null, 7.25], previous: true },
];

function renderFigure(props: Partial<ChartFigureProps> = {}) {
  const user = userEvent.setup();
  const view = render(<ChartFigure {...revenue} {...props} />);
  return { ...view, user };
}

describe("ChartFigure", () => {
  test("a figure named by its heading, with the chart's summary as the canvas' name", () => {
    const { container } = renderFigure();
    const figure = screen.getByRole("figure", { name: "Revenue" });
    expect(within(figure).getByRole("heading", { level: 3, name: "Revenue" })).toBeVisible();
    const canvas = within(figure).getByRole("img", {
      name: "Revenue, 1 Nov to 5 Nov: from €0.00 to €12.00, highest €1,234.50 on 3 Nov",
    });
    expect(canvas.tagName).toBe("CANVAS");
    expect(container.querySelector(".chart-canvas")).toContainElement(canvas);
    expect(screen.queryByRole("table")).not.toBeInTheDocument();
  });

  test("a given summary and heading level", () => {
    renderFigure({ headingLevel: 2, summary: "Revenue rose all month." });
    expect(screen.getByRole("heading", { level: 2, name: "Revenue" })).toBeVisible();
    expect(screen.getByRole("img", { name: "Revenue rose all month." })).toBeVisible();
  });

  test("the toggle shows the same figures as a table, formatted, and back", async () => {
    const { user } = renderFigure();
    const toggle = screen.getByRole("button", { name: "Show as table" });
    expect(toggle).toHaveAttribute("aria-pressed", "false");

    await user.click(toggle);
    expect(toggle).toHaveAttribute("aria-pressed", "true");
    expect(screen.queryByRole("img")).not.toBeInTheDocument();
    const table = screen.getByRole("table", { name: "Revenue" });
    // A long table scrolls in its own box, which the keyboard can reach.
    expect(screen.getByRole("region", { name: "Revenue" })).toHaveAttribute("tabindex", "0");
    const rows = within(table)
      .getAllByRole("row")
      .map((row) => [...row.querySelectorAll("th, td")].map((cell) => cell.textContent));
    expect(rows).toEqual([
      ["Date", "Revenue"],
      ["1 Nov", "€0.00"],
      ["2 Nov", "€12.50"],
      ["3 Nov", "€1,234.50"],
      ["4 Nov", "€40.00"],
      ["5 Nov", "€12.00"],
    ]);
    expect(within(table).getByRole("rowheader", { name: "3 Nov" })).toBeVisible();

    await user.click(toggle);
    expect(toggle).toHaveAttribute("aria-pressed", "false");
    expect(screen.queryByRole("table")).not.toBeInTheDocument();
    expect(screen.getByRole("img")).toBeVisible();
  });

  test("the toggle works from the keyboard", async () => {
    const { user } = renderFigure();
    await user.tab();
    expect(screen.getByRole("button", { name: "Show as table" })).toHaveFocus();
    await user.keyboard("{Enter}");
    expect(screen.getByRole("table", { name: "Revenue" })).toBeVisible();
    await user.keyboard(" ");
    expect(screen.queryByRole("table")).not.toBeInTheDocument();
  });

  test("a column per series, a dash where a figure is missing, the given first column", async () => {
    const { user } = renderFigure({
      kind: "bar",
      title: "Orders",
      labels: ["Mon", "Tue", "Wed"],
      series: compared,
      format: (n) => `${n} orders`,
      columnLabel: "Day",
    });
    expect(
      screen.getByRole("img", {
        name: "Orders, Mon to Wed: This period from 10 orders to 20 orders, highest 20 orders on Tue; Previous period from 5 orders to 7.25 orders, highest 7.25 orders on Wed",
      }),
    ).toBeVisible();
    await user.click(screen.getByRole("button", { name: "Show as table" }));
    const table = screen.getByRole("table", { name: "Orders" });
    expect(
      within(table)
        .getAllByRole("columnheader")
        .map((th) => th.textContent),
    ).toEqual(["Day", "This period", "Previous period"]);
    expect(
      within(table)
        .getAllByRole("cell")
        .map((td) => td.textContent),
    ).toEqual(["10 orders", "5 orders", "20 orders", "\u2014", "\u2014", "7.25 orders"]);
  });

  test("a horizontal bar chart names its ranking", () => {
    renderFigure({
      kind: "horizontal-bar",
      title: "Top sellers",
      labels: ["Sencha", "Matcha"],
      series: [{ label: "Revenue", values: [40, 12.5] }],
      columnLabel: "Product",
    });
    expect(
      screen.getByRole("img", { name: "Top sellers: Sencha €40.00, Matcha €12.50" }),
    ).toBeVisible();
  });
});

describe("describeChart", () => {
  const base = { title: "Revenue", kind: "line" as const, format: euros };

  test("one day, no days, no figures", () => {
    expect(
      describeChart({ ...base, labels: ["6 Dec"], series: [{ label: "R", values: [12] }] }),
    ).toBe("Revenue: €12.00");
    expect(describeChart({ ...base, labels: [], series: [{ label: "R", values: [] }] })).toBe(
      "Revenue: no data",
    );
    expect(describeChart({ ...base, labels: ["1 Nov"], series: [] })).toBe("Revenue: no data");
    expect(
      describeChart({
        ...base,
        labels: ["1 Nov", "2 Nov"],
        series: [{ label: "R", values: [null, null] }],
      }),
    ).toBe("Revenue, 1 Nov to 2 Nov: no data");
    expect(
      describeChart({
        ...base,
        kind: "horizontal-bar",
        labels: ["Sencha"],
        series: [{ label: "R", values: [null] }],
      }),
    ).toBe("Revenue: no data");
  });

  test("missing figures are skipped, the first highest wins", () => {
    expect(
      describeChart({
        ...base,
        labels: ["1 Nov", "2 Nov", "3 Nov", "4 Nov"],
        series: [{ label: "R", values: [null, 5, 5, null] }],
      }),
    ).toBe("Revenue, 1 Nov to 4 Nov: from €5.00 to €5.00, highest €5.00 on 2 Nov");
  });
});

describe("chart options", () => {
  const light = readChartTheme("light", false);
  const formatters = { format: euros, axisFormat: compact };

  test("ticks on the value axis and tooltips use the formatters", () => {
    const options = chartOptions("line", 1, light, formatters);
    const ticks = options.scales?.y?.ticks as { callback: (value: number | string) => string };
    expect(ticks.callback(1200)).toBe("€1.2K");
    expect(ticks.callback("350")).toBe("€350");
    const label = options.plugins?.tooltip?.callbacks?.label as (
      item: TooltipItem<"line">,
    ) => string;
    const item = (y: number | null) =>
      ({ parsed: { x: 0, y }, dataset: { label: "Revenue" } }) as unknown as TooltipItem<"line">;
    expect(label(item(1234.5))).toBe("Revenue: €1,234.50");
    expect(label(item(null))).toBe("Revenue: \u2014");
  });

  test("counts tick in whole numbers only", () => {
    const counts = chartOptions("bar", 1, light, { ...formatters, wholeNumbers: true });
    expect(counts.scales?.y?.ticks).toMatchObject({ precision: 0 });
    const amounts = chartOptions("bar", 1, light, formatters);
    expect(amounts.scales?.y?.ticks).toMatchObject({ precision: undefined });
  });

  test("a horizontal bar chart has its values along x", () => {
    const options = chartOptions("horizontal-bar", 1, light, formatters);
    expect(options.indexAxis).toBe("y");
    const ticks = options.scales?.x?.ticks as { callback: (value: number) => string };
    expect(ticks.callback(2500)).toBe("€2.5K");
    const label = options.plugins?.tooltip?.callbacks?.label as (
      item: TooltipItem<"bar">,
    ) => string;
    expect(label({ parsed: { x: 40, y: 0 }, dataset: {} } as unknown as TooltipItem<"bar">)).toBe(
      ": €40.00",
    );
  });

  test("a legend only for more than one series; no animation when less motion is asked for", () => {
    expect(chartOptions("line", 1, light, formatters).plugins?.legend?.display).toBe(false);
    expect(chartOptions("line", 2, light, formatters).plugins?.legend?.display).toBe(true);
    expect(chartOptions("bar", 1, light, formatters).animation).toEqual({});
    const still = readChartTheme("light", true);
    expect(chartOptions("bar", 1, still, formatters).animation).toBe(false);
  });

  test("fills its box instead of keeping an aspect ratio", () => {
    expect(chartOptions("line", 1, light, formatters)).toMatchObject({
      responsive: true,
      maintainAspectRatio: false,
    });
  });

  test("series take the palette in turn; previous periods are muted, and dashed as lines", () => {
    const series: ChartSeries[] = [
      { label: "Revenue", values: [1] },
      { label: "Revenue before", values: [1], previous: true },
      { label: "Orders", values: [1] },
    ];
    const lines = lineData(["1 Nov"], series, light).datasets;
    expect(lines.map((d) => d.borderColor)).toEqual([
      light.series[0],
      light.previous,
      light.series[1],
    ]);
    expect(lines.map((d) => d.borderDash)).toEqual([[], [6, 4], []]);
    const bars = barData(["1 Nov"], series, light).datasets;
    expect(bars.map((d) => d.backgroundColor)).toEqual([
      light.series[0],
      light.previous,
      light.series[1],
    ]);
  });

  test("points only when there are few enough days to tell apart", () => {
    const days = (n: number) => Array.from({ length: n }, (_, i) => String(i));
    const one = (n: number) => [{ label: "R", values: Array<number>(n).fill(1) }];
    expect(lineData(days(31), one(31), light).datasets[0]?.pointRadius).toBeGreaterThan(0);
    expect(lineData(days(90), one(90), light).datasets[0]?.pointRadius).toBe(0);
  });
});
