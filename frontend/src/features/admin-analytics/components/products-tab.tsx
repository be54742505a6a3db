import { Link, useSearchParams } from "react-router";

import { ChartFigure } from "@/components/charts/chart-figure";
import { Pagination } from "@/components/ui/pagination";
import { EmptyState } from "@/components/ui/status";
import { paths } from "@/config/paths";
import { formatMoney, formatNumber, formatPercentChange } from "@/lib/format";

import {
  type ProductPerformance,
  type ProductSort,
  PRODUCTS_PER_PAGE,
  useProductPerformance,
} from "@/features/admin-analytics/api/analytics";
import { moneyFormats } from "@/features/admin-analytics/components/chart-data";
import { QueryState } from "@/features/admin-analytics/components/query-state";
import { useAnalytics } from "@/features/admin-analytics/hooks/use-analytics";

type Figure = "units_sold" | "revenue" | "order_count" | "views";

interface Column {
  sort: ProductSort;
  label: string;
  /** How the sorted order reads. */
  order: string;
  figure?: Figure;
}

const COLUMNS: Column[] = [
  { sort: "units", label: "Units", order: "most units first", figure: "units_sold" },
  { sort: "revenue", label: "Revenue", order: "highest revenue first", figure: "revenue" },
  { sort: "orders", label: "Orders", order: "most orders first", figure: "order_count" },
  { sort: "views", label: "Views", order: "most views first", figure: "views" },
  { sort: "conversion", label: "Conversion", order: "highest conversion first" },
  { sort: "rating", label: "Rating", order: "best rated first" },
];
const SORTS: ProductSort[] = ["name", ...COLUMNS.map((column) => column.sort)];
const CHARTED = 10;

function readSort(params: URLSearchParams): ProductSort {
  const sort = params.get("sort") as ProductSort | null;
  return sort && SORTS.includes(sort) ? sort : "revenue";
}

function readPage(params: URLSearchParams): number {
  const page = Number(params.get("page"));
  return Number.isInteger(page) && page >= 1 && page <= 5000 ? page : 1;
}

function percent(conversion: string | null): string {
  return conversion === null ? "—" : `${(Number(conversion) * 100).toFixed(1)}%`;
}

function SortHeader({
  sort,
  label,
  order,
  current,
  hrefFor,
}: {
  sort: ProductSort;
  label: string;
  order: string;
  current: ProductSort;
  hrefFor: (sort: ProductSort) => string;
}) {
  const active = sort === current;
  const ascending = sort === "name";
  return (
    <th
      scope="col"
      className={ascending ? undefined : "numeric"}
      aria-sort={active ? (ascending ? "ascending" : "descending") : "none"}
    >
      <Link className="sort-button" to={hrefFor(sort)} aria-label={`${label}, sort ${order}`}>
        {label}
        <span aria-hidden="true" className="sort-arrow">
          {active ? (ascending ? "↑" : "↓") : "↕"}
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

function chartFigure(sort: ProductSort): Figure {
  return sort === "units"
    ? "units_sold"
    : sort === "orders"
      ? "order_count"
      : sort === "views"
        ? "views"
        : "revenue";
}

function TopProductsChart({
  products,
  sort,
  currency,
}: {
  products: ProductPerformance[];
  sort: ProductSort;
  currency: string;
}) {
  const figure = chartFigure(sort);
  const column = COLUMNS.find((candidate) => candidate.figure === figure) as Column;
  const shown = products.slice(0, CHARTED);
  const valueOf = (figures: { [key in Figure]: string | number }) => Number(figures[figure]);
  const formats =
    figure === "revenue"
      ? moneyFormats(currency)
      : { format: formatNumber, axisFormat: formatNumber };
  const comparing = shown.some((product) => product.previous);
  return (
    <ChartFigure
      title={`Top products by ${column.label.toLowerCase()}`}
      headingLevel={2}
      kind="horizontal-bar"
      columnLabel="Product"
      labels={shown.map((product) => product.name)}
      series={[
        { label: column.label, values: shown.map(valueOf) },
        ...(comparing
          ? [
              {
                label: `${column.label}, previous period`,
                values: shown.map((product) =>
                  product.previous ? valueOf(product.previous) : null,
                ),
                previous: true,
              },
            ]
          : []),
      ]}
      {...formats}
    />
  );
}

function ProductTable({
  products,
  sort,
  currency,
  hrefFor,
}: {
  products: ProductPerformance[];
  sort: ProductSort;
  currency: string;
  hrefFor: (sort: ProductSort) => string;
}) {
  return (
    <div className="table-scroll">
      <table className="data-table analytics-products">
        <caption className="visually-hidden">Product performance</caption>
        <thead>
          <tr>
            <SortHeader
              sort="name"
              label="Product"
              order="by name"
              current={sort}
              hrefFor={hrefFor}
            />
            {COLUMNS.map((column) => (
              <SortHeader key={column.sort} {...column} current={sort} hrefFor={hrefFor} />
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

/** The Products tab: every product's sales, views and ratings in the period, sortable. */
export function ProductsTab() {
  const { period, currency } = useAnalytics();
  const [params] = useSearchParams();
  const sort = readSort(params);
  const page = readPage(params);
  const products = useProductPerformance(period, sort, page);

  const hrefWith = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    for (const [name, value] of Object.entries(changes)) {
      if (value === null) next.delete(name);
      else next.set(name, value);
    }
    const search = next.toString();
    return search ? `${paths.adminAnalyticsProducts}?${search}` : paths.adminAnalyticsProducts;
  };
  const sortHref = (next: ProductSort) =>
    hrefWith({ sort: next === "revenue" ? null : next, page: null });
  const pageHref = (next: number) => hrefWith({ page: next === 1 ? null : String(next) });

  return (
    <div className="analytics-tab">
      <QueryState query={products} what="the products report">
        {({ items, total }) =>
          items.length === 0 ? (
            <EmptyState title="No products yet" />
          ) : (
            <>
              <TopProductsChart products={items} sort={sort} currency={currency} />
              <ProductTable products={items} sort={sort} currency={currency} hrefFor={sortHref} />
              <Pagination
                page={page}
                pageCount={Math.ceil(total / PRODUCTS_PER_PAGE)}
                hrefFor={pageHref}
                label="Product pages"
              />
            </>
          )
        }
      </QueryState>
    </div>
  );
}
