import type { ChartSeries } from "@/components/charts/chart-figure";
import { formatCompactMoney, formatMoney } from "@/lib/format";

const dayFormats = new Map<string, Intl.DateTimeFormat>();

/** A day of a report ("2026-11-05") as a chart labels it: "Nov 5" (in the reader's locale). */
export function dayLabel(day: string, locale?: string): string {
  const key = locale ?? "";
  let format = dayFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { day: "numeric", month: "short", timeZone: "UTC" });
    dayFormats.set(key, format);
  }
  return format.format(new Date(`${day}T00:00:00Z`));
}

/** How a chart of money shows its values: exactly in tooltips and tables, short on the axis. */
export function moneyFormats(currency: string) {
  return {
    format: (value: number) => formatMoney(value.toFixed(2), currency),
    axisFormat: (value: number) => formatCompactMoney(value, currency),
  };
}

/**
 * A figure of each point as a series, and with `comparing` the same figure of the previous
 * period (point by point: the first day beside the previous period's first day).
 */
export function seriesOf<P extends { previous?: unknown }>(
  points: readonly P[],
  label: string,
  value: (point: P) => number,
  comparing: boolean,
  previousValue?: (point: P) => number | null,
): ChartSeries[] {
  const series: ChartSeries[] = [{ label, values: points.map(value) }];
  if (comparing && previousValue) {
    series.push({
      label: `${label}, previous period`,
      values: points.map(previousValue),
      previous: true,
    });
  }
  return series;
}
