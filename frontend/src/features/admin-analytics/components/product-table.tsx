import { Link } from "react-router";

import { paths } from "@/config/paths";
import { formatMoney, formatNumber, formatPercentChange } from "@/lib/format";

import type { ProductPerformance, ProductSort } from "@/features/admin-analytics/api/analytics";
import {
  direction,
  type Sorting,
  sortingAfterClick,
} from "@/features/admin-analytics/hooks/product-sorting";

export type Figure = "units_sold" | "revenue" | "order_count" | "views";

export interface Column {
  sort: ProductSort;
  label: string;
  figure?: Figure;
}

export const COLUMNS: readonly Column[] = [
  { sort: "units", label: "Units", figure: "units_sold" },
  { sort: "revenue", label: "Revenue", figure: "revenue" },
  { sort: "orders", label: "Orders", figure: "order_count" },
  { sort: "views", label: "Views", figure: "views" },
  { sort: "conversion", label: "Conversion" },
  { sort: "rating", label: "Rating" },
];

const READS = {
  name: { asc: "A to Z", desc: "Z to A" },
  figure: { asc: "lowest first", desc: "highest first" },
};

function percent(conversion: string | null): string {
  return conversion === null ? "—" : `${(Number(conversion) * 100).toFixed(1)}%`;
}

function SortHeader({
  column,
  label,
  sorting,
  hrefFor,
}: {
  column: ProductSort;
  label: string;
  sorting: Sorting;
  hrefFor: (sorting: Sorting) => string;
}) {
  const active = column === sorting.sort;
  const current = direction(sorting);
  const next = sortingAfterClick(sorting, column);
  const reads = READS[column === "name" ? "name" : "figure"][direction(next)];
  return (
    <th
      scope="col"
      className={column === "name" ? undefined : "numeric"}
      aria-sort={active ? (current === "asc" ? "ascending" : "descending") : "none"}
    >
      <Link className="sort-button" to={hrefFor(next)} aria-label={`${label}, sort ${reads}`}>
        {label}
        <span aria-hidden="true" className="sort-arrow">
          {active ? (current === "asc" ? "↑" : "↓") : "↕"}
        </span>
      </Link>
    </th>
  );
}

function FigureCell({
  product,
  figure,
  currency,
}: {
  product: ProductPerformance;
  figure: Figure;
  currency: string;
}) {
  const value = product[figure];
  const shown = typeof value === "string" ? formatMoney(value, currency) : formatNumber(value);
  return (
    <td className="numeric">
      {shown}
      {product.change && (
        <span className="cell-change muted">{formatPercentChange(product.change[figure])}</span>
      )}
    </td>
  );
}

/** Every product's figures, sortable by each column (a link, so the URL keeps it). */
export function ProductTable({
  products,
  sorting,
  currency,
  hrefFor,
}: {
  products: ProductPerformance[];
  sorting: Sorting;
  currency: string;
  hrefFor: (sorting: Sorting) => string;
}) {
  return (
    <div className="table-scroll">
      <table className="data-table analytics-products">
        <caption className="visually-hidden">Product performance</caption>
        <thead>
          <tr>
            <SortHeader column="name" label="Product" sorting={sorting} hrefFor={hrefFor} />
            {COLUMNS.map((column) => (
              <SortHeader
                key={column.sort}
                column={column.sort}
                label={column.label}
                sorting={sorting}
                hrefFor={hrefFor}
              />
            ))}
            <th scope="col" className="numeric">
              Reviews
            </th>
          </tr>
        </thead>
        <tbody>
          {products.map((product) => (
            <tr key={product.product_id}>
              <td className="cell-wrap">
                <Link to={paths.adminProduct(product.product_id)}>{product.name}</Link>
                {!product.is_active && <span className="pill pill-warning">Not for sale</span>}
              </td>
              {COLUMNS.map(({ sort: key, figure }) =>
                figure ? (
                  <FigureCell key={key} product={product} figure={figure} currency={currency} />
                ) : key === "conversion" ? (
                  <td key={key} className="numeric">
                    {percent(product.conversion)}
                  </td>
                ) : (
                  <td key={key} className="numeric">
                    {product.average_rating === null ? "—" : product.average_rating.toFixed(1)}
                  </td>
                ),
              )}
              <td className="numeric">{formatNumber(product.review_count)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
