import { useState } from "react";

import { Pagination } from "@/components/ui/pagination";
import { EmptyState, ErrorState, Loading } from "@/components/ui/status";
import { paths } from "@/config/paths";
import { plural } from "@/lib/format";
import { useTitle } from "@/lib/title";

import { useCategories } from "@/features/catalog/api/get-categories";
import { PAGE_SIZE, useProducts } from "@/features/catalog/api/get-products";
import { CatalogFilters, SortSelect } from "@/features/catalog/components/catalog-filters";
import { ProductGrid } from "@/features/catalog/components/product-grid";
import { SearchBox } from "@/features/catalog/components/search-box";
import { catalogSearch, useCatalogQuery } from "@/features/catalog/hooks/use-catalog-query";

export function Catalog() {
  const { query, update } = useCatalogQuery();
  const products = useProducts(query);
  const categories = useCategories();
  const [filtersOpen, setFiltersOpen] = useState(false);
  useTitle(query.q ? `Search: ${query.q}` : query.category || null);

  const total = products.data?.total ?? 0;
  const pageCount = Math.ceil(total / PAGE_SIZE);
  const filtered = query.q || query.category || query.minPrice || query.maxPrice || query.inStock;

  return (
    <div className="catalog">
      <div className="catalog-top">
        <h1>{query.category || "All products"}</h1>
        <SearchBox
          value={query.q}
          onSearch={(q) => {
            update({ q }, { replace: true });
          }}
        />
      </div>
      <div className="catalog-body">
        <aside className="catalog-sidebar" aria-label="Filters">
          <button
            type="button"
            className="button button-secondary filters-toggle"
            aria-expanded={filtersOpen}
            aria-controls="catalog-filters"
            onClick={() => {
              setFiltersOpen((open) => !open);
            }}
          >
            {filtersOpen ? "Hide filters" : "Show filters"}
          </button>
          <div id="catalog-filters" className={filtersOpen ? "open" : undefined}>
            <CatalogFilters query={query} categories={categories.data} onChange={update} />
          </div>
        </aside>
        <section className="catalog-results" aria-labelledby="results-heading">
          <div className="results-bar">
            <p id="results-heading" role="status" className="results-count">
              {products.data ? plural(total, "product", "products") : "\u00a0"}
            </p>
            <SortSelect query={query} onChange={update} />
          </div>
          {products.isLoading && <Loading label="Loading products…" />}
          {products.error && (
            <ErrorState
              error={products.error}
              title="The products could not be loaded"
              onRetry={products.reload}
            />
          )}
          {products.data && products.data.items.length === 0 && (
            <EmptyState title={filtered ? "No products match" : "No products yet"}>
              {filtered ? (
                <button
                  type="button"
                  className="button button-secondary"
                  onClick={() => {
                    update({ q: "", category: "", minPrice: "", maxPrice: "", inStock: false });
                  }}
                >
                  Clear all filters
                </button>
              ) : (
                <p>Come back soon: the shop is stocking its shelves.</p>
              )}
            </EmptyState>
          )}
          {products.data && products.data.items.length > 0 && (
            <>
              <ProductGrid products={products.data.items} />
              <Pagination
                page={query.page}
                pageCount={pageCount}
                label="Catalog pages"
                hrefFor={(page) => paths.home + catalogSearch({ ...query, page })}
              />
            </>
          )}
        </section>
      </div>
    </div>
  );
}
