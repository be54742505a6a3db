import "@/components/charts/setup";

import { type JSX, useId, useMemo, useState } from "react";
import { Bar, Line } from "react-chartjs-2";

import {
  barData,
  type ChartKind,
  chartOptions,
  type ChartSeries,
  lineData,
} from "@/components/charts/chart-config";
import { useChartTheme } from "@/components/charts/theme";

export type { ChartKind, ChartSeries } from "@/components/charts/chart-config";

export interface ChartFigureProps {
  /** The figure's heading and its accessible name. */
  title: string;
  headingLevel?: 2 | 3;
  kind: ChartKind;
  /** The labels of the category axis, as shown (already formatted). */
  labels: string[];
  series: ChartSeries[];
  /** Values in tooltips and the table (e.g. money in the shop's currency). */
  format: (value: number) => string;
  /** The value axis' ticks; default `format`. */
  axisFormat?: (value: number) => string;
  /** The table's first column header; default "Date". */
  columnLabel?: string;
  /** The text alternative of the canvas; default generated from the figures. */
  summary?: string;
}

const NO_VALUE = "\u2014";

function present(values: (number | null)[]): number[] {
  return values.filter((value): value is number => value !== null);
}

/** "from €0.00 to €12.00, highest €40.00 on 5 Nov" for one series over the labels. */
function trend(values: (number | null)[], labels: string[], format: (n: number) => string) {
  const known = present(values);
  if (known.length === 0) return "no data";
  if (known.length === 1) return format(known[0] as number);
  const highest = Math.max(...known);
  const where = labels[values.indexOf(highest)] ?? "";
  return `from ${format(known[0] as number)} to ${format(known.at(-1) as number)}, highest ${format(highest)} on ${where}`;
}

/** "Product A €40.00, Product B €12.00" for a ranking. */
function ranking(values: (number | null)[], labels: string[], format: (n: number) => string) {
  const entries = labels.flatMap((label, i) => {
    const value = values[i];
    return value === null || value === undefined ? [] : [`${label} ${format(value)}`];
  });
  return entries.length > 0 ? entries.join(", ") : "no data";
}

/** The default text alternative of a chart: what a sighted reader takes from it at a glance. */
export function describeChart({
  title,
  kind,
  labels,
  series,
  format,
}: Pick<ChartFigureProps, "title" | "kind" | "labels" | "series" | "format">): string {
  if (labels.length === 0 || series.length === 0) return `${title}: no data`;
  const describe = kind === "horizontal-bar" ? ranking : trend;
  const parts = series.map((s) => {
    const text = describe(s.values, labels, format);
    return series.length > 1 ? `${s.label} ${text}` : text;
  });
  const first = labels[0] ?? "";
  const last = labels.at(-1) ?? "";
  const span = kind === "horizontal-bar" || first === last ? "" : `, ${first} to ${last}`;
  return `${title}${span}: ${parts.join("; ")}`;
}

function FigureTable({
  title,
  labels,
  series,
  format,
  columnLabel,
}: Pick<ChartFigureProps, "title" | "labels" | "series" | "format"> & { columnLabel: string }) {
  return (
    // Focusable, so that a keyboard can scroll a long table.
    // eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex
    <div className="table-scroll chart-table" tabIndex={0} role="region" aria-label={title}>
      <table className="data-table">
        <caption>{title}</caption>
        <thead>
          <tr>
            <th scope="col">{columnLabel}</th>
            {series.map((s) => (
              <th key={s.label} scope="col" className="numeric">
                {s.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {labels.map((label, row) => (
            <tr key={`${label}-${row}`}>
              <th scope="row">{label}</th>
              {series.map((s) => {
                const value = s.values[row];
                return (
                  <td key={s.label} className="numeric">
                    {value === null || value === undefined ? NO_VALUE : format(value)}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/**
 * A chart with its heading, a text alternative, and a table of the same figures one button
 * away. Line, bar or horizontal bar (rankings); the legend appears with more than one series.
 */
export function ChartFigure({
  title,
  headingLevel = 3,
  kind,
  labels,
  series,
  format,
  axisFormat = format,
  columnLabel = "Date",
  summary,
}: ChartFigureProps): JSX.Element {
  const [asTable, setAsTable] = useState(false);
  const headingId = useId();
  const theme = useChartTheme();
  const Heading = headingLevel === 2 ? "h2" : "h3";

  const wholeNumbers = series.every((s) =>
    s.values.every((v) => v === null || Number.isInteger(v)),
  );
  const options = useMemo(
    () => chartOptions(kind, series.length, theme, { format, axisFormat, wholeNumbers }),
    [kind, series.length, theme, format, axisFormat, wholeNumbers],
  );
  const chart = useMemo(
    () =>
      kind === "line"
        ? { type: "line" as const, data: lineData(labels, series, theme) }
        : { type: "bar" as const, data: barData(labels, series, theme) },
    [kind, labels, series, theme],
  );
  const label = summary ?? describeChart({ title, kind, labels, series, format });

  return (
    <figure className="chart-figure" aria-labelledby={headingId}>
      <div className="chart-figure-header">
        <Heading id={headingId}>{title}</Heading>
        <button
          type="button"
          className="button button-secondary chart-toggle"
          aria-pressed={asTable}
          onClick={() => {
            setAsTable((shown) => !shown);
          }}
        >
          Show as table
        </button>
      </div>
      {asTable ? (
        <FigureTable
          title={title}
          labels={labels}
          series={series}
          format={format}
          columnLabel={columnLabel}
        />
      ) : (
        <div className="chart-canvas">
          {chart.type === "line" ? (
            <Line data={chart.data} options={options} role="img" aria-label={label} />
          ) : (
            <Bar data={chart.data} options={options} role="img" aria-label={label} />
          )}
        </div>
      )}
    </figure>
  );
}
