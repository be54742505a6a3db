import { useId, useMemo, useState } from "react";
import { Link } from "react-router";

import { EmptyState } from "@/components/ui/status";
import { paths } from "@/config/paths";

import type { ImportReport, ImportRow } from "@/features/admin-products/api/import-products";

/** Rows shown at once: a 10,000-row file is paged, never rendered whole. */
export const ROWS_PER_PAGE = 50;

type Filter = "all" | "refused" | "changes";

const ACTIONS: Record<ImportRow["action"], { label: string; pill: string }> = {
  refuse: { label: "Refused", pill: "pill-danger" },
  create: { label: "New", pill: "pill-success" },
  update: { label: "Update", pill: "import-pill-update" },
  unchanged: { label: "Unchanged", pill: "" },
};

const integer = new Intl.NumberFormat();

/** "3 new, 5 updated, 2 unchanged, 1 refused". */
export function ImportSummary({ report }: { report: ImportReport }) {
  const counts = [
    { label: "new", value: report.created, kind: "create" },
    { label: "updated", value: report.updated, kind: "update" },
    { label: "unchanged", value: report.unchanged, kind: "unchanged" },
    { label: "refused", value: report.refused, kind: "refuse" },
  ];
  return (
    <ul className="import-summary" aria-label="Summary">
      {counts.map((count) => (
        <li key={count.label} className={`import-count import-count-${count.kind}`}>
          <span className="import-count-value">{integer.format(count.value)}</span>{" "}
          <span>{count.label}</span>
        </li>
      ))}
    </ul>
  );
}

function matches(row: ImportRow, filter: Filter): boolean {
  if (filter === "refused") return row.action === "refuse";
  if (filter === "changes") return row.action === "create" || row.action === "update";
  return true;
}

/** Refused rows first (they are what needs fixing), then in file order. */
function ordered(rows: ImportRow[]): ImportRow[] {
  const refusedFirst = (row: ImportRow) => (row.action === "refuse" ? 0 : 1);
  return rows.toSorted((a, b) => refusedFirst(a) - refusedFirst(b) || a.line - b.line);
}

/** Every row of the file and what the import does with it, a page at a time. */
export function ImportRows({ report }: { report: ImportReport }) {
  const [filter, setFilter] = useState<Filter>("all");
  const [page, setPage] = useState(1);
  const name = useId();
  const sorted = useMemo(() => ordered(report.rows), [report.rows]);
  const shown = useMemo(() => sorted.filter((row) => matches(row, filter)), [sorted, filter]);
  const pageCount = Math.max(1, Math.ceil(shown.length / ROWS_PER_PAGE));
  const current = Math.min(page, pageCount);
  const first = (current - 1) * ROWS_PER_PAGE;
  const rows = shown.slice(first, first + ROWS_PER_PAGE);
  const filters: { value: Filter; label: string; count: number }[] = [
    { value: "all", label: "All rows", count: report.rows.length },
    { value: "refused", label: "Refused", count: report.refused },
    { value: "changes", label: "Changes", count: report.created + report.updated },
  ];

  return (
    <section className="import-rows" aria-labelledby={`${name}-heading`}>
      <h3 id={`${name}-heading`}>Rows</h3>
      <fieldset className="import-filter">
        <legend>Show</legend>
        {filters.map((option) => (
          <label key={option.value} className="import-filter-option">
            <input
              type="radio"
              name={name}
              value={option.value}
              checked={filter === option.value}
              onChange={() => {
                setFilter(option.value);
                setPage(1);
              }}
            />
            {option.label} ({integer.format(option.count)})
          </label>
        ))}
      </fieldset>
      {rows.length === 0 ? (
        <EmptyState title={filter === "refused" ? "No refused rows" : "No rows to show"} />
      ) : (
        <div className="table-scroll">
          <table className="data-table import-table">
            <caption className="visually-hidden">
              What the import does with each row of the file
            </caption>
            <thead>
              <tr>
                <th scope="col" className="numeric">
                  Line
                </th>
                <th scope="col">SKU</th>
                <th scope="col">Result</th>
                <th scope="col">Details</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <ImportRowView key={row.line} row={row} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {pageCount > 1 && (
        <nav className="import-pages" aria-label="Pages of rows">
          <button
            type="button"
            className="button button-secondary"
            disabled={current === 1}
            onClick={() => {
              setPage(current - 1);
            }}
          >
            Previous<span className="visually-hidden"> rows</span>
          </button>
          <span aria-live="polite">
            Rows {integer.format(first + 1)}–{integer.format(first + rows.length)} of{" "}
            {integer.format(shown.length)}
          </span>
          <button
            type="button"
            className="button button-secondary"
            disabled={current === pageCount}
            onClick={() => {
              setPage(current + 1);
            }}
          >
            Next<span className="visually-hidden"> rows</span>
          </button>
        </nav>
      )}
    </section>
  );
}

function ImportRowView({ row }: { row: ImportRow }) {
  const action = ACTIONS[row.action];
  return (
    <tr className={row.action === "refuse" ? "import-row-refused" : undefined}>
      <td className="numeric">{row.line}</td>
      <td className="import-sku">{row.sku ?? <span className="muted">none</span>}</td>
      <td>
        <span className={`pill ${action.pill}`}>{action.label}</span>
      </td>
      <td>
        <RowDetails row={row} />
      </td>
    </tr>
  );
}

function RowDetails({ row }: { row: ImportRow }) {
  const product =
    row.product_id === null ? null : (
      <Link to={paths.adminProduct(row.product_id)}>Product #{row.product_id}</Link>
    );
  if (row.problems.length > 0) {
    return (
      <ul className="import-problems">
        {row.problems.map((problem, index) => (
          <li key={index}>
            {problem.field && <code>{problem.field}</code>}
            {problem.field && ": "}
            {problem.message}
          </li>
        ))}
      </ul>
    );
  }
  if (row.action === "create") return <span>Creates a product</span>;
  if (row.action === "unchanged") return <span className="muted">{product} already matches</span>;
  return (
    <span>
      {product}: changes {row.changes.join(", ")}
    </span>
  );
}
