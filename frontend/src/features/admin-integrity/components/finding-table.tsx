import { Link } from "react-router";

import { paths } from "@/config/paths";
import { plural } from "@/lib/format";
import { DateTime, Price } from "@/lib/shop";

import type { Cell, CheckResult } from "@/features/admin-integrity/api/checks";
import { headerOf, titleOf } from "@/features/admin-integrity/components/labels";

// The report's amounts are strings with two decimals; its instants ISO 8601 with a time.
const AMOUNT = /^-?\d+\.\d{2}$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;
const PAGES: Record<string, (id: number) => string> = {
  product_id: paths.adminProduct,
  order_id: paths.adminOrder,
  user_id: paths.adminCustomer,
};

/** A value of a row, as text: ids of products, orders and accounts link to their pages. */
function CellValue({ column, value }: { column: string; value: Cell }) {
  if (value === null) return <span className="muted">—</span>;
  if (typeof value === "boolean") return <>{value ? "yes" : "no"}</>;
  const page = PAGES[column];
  if (page && typeof value === "number") return <Link to={page(value)}>{value}</Link>;
  if (typeof value === "string" && AMOUNT.test(value))
    return <Price amount={value} className="integrity-money" />;
  if (typeof value === "string" && INSTANT.test(value)) return <DateTime iso={value} />;
  return <>{value}</>;
}

/** The rows that break a check's rule, under its own columns. */
export function FindingTable({ check }: { check: CheckResult }) {
  const shown = check.rows.length;
  const caption =
    shown < check.total
      ? `Showing the first ${shown} of ${plural(check.total, "row", "rows")}`
      : plural(check.total, "row", "rows");
  return (
    <div
      className="table-scroll integrity-rows"
      // Focusable, so that a keyboard can scroll a long table.
      // eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex
      tabIndex={0}
      role="region"
      aria-label={`Rows breaking the rule: ${titleOf(check.name)}`}
    >
      <table className="data-table">
        <caption>{caption}</caption>
        <thead>
          <tr>
            {check.columns.map((column) => (
              <th key={column} scope="col">
                {headerOf(column)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {check.rows.map((row, index) => (
            <tr key={index}>
              {check.columns.map((column) => (
                <td key={column}>
                  <CellValue column={column} value={row[column] ?? null} />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
