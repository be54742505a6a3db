/** What Chart.js is given for a ChartFigure: datasets and options in the chart theme. */
import type { ChartData, ChartOptions, TooltipItem } from "chart.js";

import type { ChartTheme } from "@/components/charts/theme";

export type ChartKind = "line" | "bar" | "horizontal-bar";

export interface ChartSeries {
  label: string;
  values: (number | null)[];
  /** The previous period's figures: drawn dashed and muted. */
  previous?: boolean;
}

interface Formatters {
  format: (value: number) => string;
  axisFormat: (value: number) => string;
  /** Counts: the value axis never ticks at 0.5. */
  wholeNumbers?: boolean;
}

const DASH = [6, 4];

/**
 * Each series as a dataset: its label, figures and colour (this period's in palette order,
 * previous periods muted), and what its kind of chart adds.
 */
function datasets<Extra extends object>(
  series: ChartSeries[],
  theme: ChartTheme,
  extra: (s: ChartSeries) => Extra,
) {
  let next = 0;
  return series.map((s) => {
    const colour = s.previous
      ? theme.previous
      : (theme.series[next++ % theme.series.length] ?? theme.text);
    return {
      label: s.label,
      data: s.values,
      borderColor: colour,
      backgroundColor: colour,
      ...extra(s),
    };
  });
}

export function lineData(
  labels: string[],
  series: ChartSeries[],
  theme: ChartTheme,
): ChartData<"line", (number | null)[], string> {
  // Points only where there are few enough to tell apart.
  const pointRadius = labels.length > 31 ? 0 : 2.5;
  return {
    labels,
    datasets: datasets(series, theme, (s) => ({
      borderDash: s.previous ? DASH : [],
      borderWidth: 2,
      pointRadius,
      pointHoverRadius: 4,
      pointHitRadius: 8,
    })),
  };
}

export function barData(
  labels: string[],
  series: ChartSeries[],
  theme: ChartTheme,
): ChartData<"bar", (number | null)[], string> {
  return {
    labels,
    datasets: datasets(series, theme, () => ({ borderWidth: 0, maxBarThickness: 32 })),
  };
}

/** Options shared by every kind: colours, formatters, legend, motion, a fixed-height box. */
export function chartOptions(
  kind: ChartKind,
  seriesCount: number,
  theme: ChartTheme,
  { format, axisFormat, wholeNumbers = false }: Formatters,
): ChartOptions<"line"> & ChartOptions<"bar"> {
  const horizontal = kind === "horizontal-bar";
  const valueAxis = {
    beginAtZero: true,
    border: { color: theme.border },
    grid: { color: theme.border },
    ticks: {
      color: theme.muted,
      precision: wholeNumbers ? 0 : undefined,
      callback: (value: number | string) => axisFormat(Number(value)),
    },
  };
  const categoryAxis = {
    border: { color: theme.border },
    grid: { display: false },
    ticks: { color: theme.muted, autoSkip: true, maxRotation: 0 },
  };
  return {
    responsive: true,
    maintainAspectRatio: false,
    color: theme.text,
    indexAxis: horizontal ? "y" : "x",
    // Always set: a chart whose options change keeps any key the new options leave out.
    animation: theme.reducedMotion ? false : {},
    interaction: { mode: "index", intersect: false },
    scales: horizontal ? { x: valueAxis, y: categoryAxis } : { x: categoryAxis, y: valueAxis },
    plugins: {
      legend: {
        display: seriesCount > 1,
        labels: { color: theme.text, boxHeight: 2 },
      },
      tooltip: {
        callbacks: {
          label: (item: TooltipItem<"line" | "bar">) => {
            const value = horizontal ? item.parsed.x : item.parsed.y;
            return `${item.dataset.label ?? ""}: ${value === null ? "\u2014" : format(value)}`;
          },
        },
      },
    },
  };
}
