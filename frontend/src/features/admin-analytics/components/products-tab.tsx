import { Link, useSearchParams } from "react-router";

import { ChartFigure } from "@/components/charts/chart-figure";
import { Pagination } from "@/components/ui/pagination";
import { EmptyState } from "@/components/ui/status";
import { paths } from "@/config/paths";
import { formatNumber } from "@/lib/format";

import {
  type ProductPerformance,
  PRODUCTS_PER_PAGE,
  useProductPerformance,
} from "@/features/admin-analytics/api/analytics";
import { moneyFormats } from "@/features/admin-analytics/components/chart-data";
import {
  COLUMNS,
  type Figure,
  ProductTable,
} from "@/features/admin-analytics/components/product-table";
import { QueryState } from "@/features/admin-analytics/components/query-state";
import {
  direction,
  readSorting,
  type Sorting,
  sortingParams,
} from "@/features/admin-analytics/hooks/product-sorting";
import { useAnalytics } from "@/features/admin-analytics/hooks/use-analytics";

const CHARTED = 10;

function readPage(params: URLSearchParams): number {
  const page = Number(params.get("page"));
  return Number.isInteger(page) && page >= 1 && page <= 5000 ? page : 1;
}

/** The first products of the page by the sorted figure (revenue when sorted by another). */
function TopProductsChart({
  products,
  sorting,
  currency,
}: {
  products: ProductPerformance[];
  sorting: Sorting;
  currency: string;
}) {
  const column = COLUMNS.find((candidate) => candidate.sort === sorting.sort && candidate.figure);
  const figure: Figure = column?.figure ?? "revenue";
  const label = column?.label ?? "Revenue";
  const shown = products.slice(0, CHARTED);
  const valueOf = (figures: { [key in Figure]: string | number }) => Number(figures[figure]);
  const formats =
    figure === "revenue"
      ? moneyFormats(currency)
      : { format: formatNumber, axisFormat: formatNumber };
  const comparing = shown.some((product) => product.previous);
  return (
    <ChartFigure
      title={
        column && direction(sorting) === "asc"
          ? `Products with the lowest ${label.toLowerCase()}`
          : `Top products by ${label.toLowerCase()}`
      }
      headingLevel={2}
      kind="horizontal-bar"
      columnLabel="Product"
      labels={shown.map((product) => product.name)}
      series={[
        { label, values: shown.map(valueOf) },
        ...(comparing
          ? [
              {
                label: `${label}, previous period`,
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

/** The Products tab: every product's sales, views and ratings in the period, sortable. */
export function ProductsTab() {
  const { period, currency } = useAnalytics();
  const [params] = useSearchParams();
  const sorting = readSorting(params);
  const page = readPage(params);
  const products = useProductPerformance(period, sorting.sort, sorting.order, page);

  const hrefWith = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    for (const [name, value] of Object.entries(changes)) {
      if (value === null) next.delete(name);
      else next.set(name, value);
    }
    const search = next.toString();
    return search ? `${paths.adminAnalyticsProducts}?${search}` : paths.adminAnalyticsProducts;
  };
  const sortHref = (next: Sorting) => hrefWith(sortingParams(next));
  const pageHref = (next: number) => hrefWith({ page: next === 1 ? null : String(next) });

  return (
    <div className="analytics-tab analytics-updating-when-busy" aria-busy={products.isStale}>
      <QueryState query={products} what="the products report">
        {({ items, total }) =>
          items.length === 0 ? (
            <EmptyState title="No products yet">
              <Link to={paths.adminNewProduct}>Add a product</Link>
            </EmptyState>
          ) : (
            <>
              <TopProductsChart products={items} sorting={sorting} currency={currency} />
              <ProductTable
                products={items}
                sorting={sorting}
                currency={currency}
                hrefFor={sortHref}
              />
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
