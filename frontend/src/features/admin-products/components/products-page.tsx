import { useCallback, useRef, useState } from "react";
import { Link, useBlocker } from "react-router";

import { AdminPage } from "@/components/layouts/admin-layout";
import { ConfirmDialog } from "@/components/ui/dialog";
import { Pagination } from "@/components/ui/pagination";
import { EmptyState, ErrorState, Loading } from "@/components/ui/status";
import { paths } from "@/config/paths";
import { type Page, toApiError } from "@/lib/api-client";
import { saveFile } from "@/lib/download";
import { plural } from "@/lib/format";
import { useToast } from "@/lib/toast";

import {
  type BulkRow,
  bulkUpdateProducts,
  refusedRows,
} from "@/features/admin-products/api/bulk-update";
import { exportProducts } from "@/features/admin-products/api/export-products";
import {
  type AdminProduct,
  type AdminProductQuery,
  useAdminProducts,
  useProductCategories,
} from "@/features/admin-products/api/list-products";
import { BulkBar, BulkEditBar } from "@/features/admin-products/components/bulk-bar";
import { BulkCategoryDialog } from "@/features/admin-products/components/bulk-category-dialog";
import {
  effectiveSort,
  ProductFilters,
} from "@/features/admin-products/components/product-filters";
import { ProductTable } from "@/features/admin-products/components/product-table";
import { type Cell, useInlineEdit } from "@/features/admin-products/hooks/use-inline-edit";
import {
  isFiltered,
  productListSearch,
  useProductListQuery,
} from "@/features/admin-products/hooks/use-product-list-query";

import "@/features/admin-products/products.css";

const NO_FILTERS: Partial<AdminProductQuery> = {
  q: "",
  category: "",
  status: "all",
  lowStock: false,
};

/** "Nothing was changed: Sencha: Product not found." — a refused bulk request, by product. */
function bulkFailure(caught: unknown, sent: BulkRow[], products: AdminProduct[]): string {
  const error = toApiError(caught);
  const problems = refusedRows(error);
  if (!problems.length) return `Nothing was changed. ${error.message}`;
  const nameOf = (id: number | null | undefined) =>
    products.find((product) => product.id === id)?.name ?? `Product ${id ?? "?"}`;
  const reasons = problems.map(
    (problem) => `${nameOf(sent[problem.row]?.id ?? problem.product_id)}: ${problem.message}`,
  );
  return `Nothing was changed. ${reasons.join(" ")}`;
}

function focusCell({ productId, field }: Cell): void {
  document.querySelector<HTMLInputElement>(`[data-cell="${productId}:${field}"]`)?.focus();
}

function HeaderActions({ query }: { query: AdminProductQuery }) {
  const { notify } = useToast();
  const [exporting, setExporting] = useState(false);

  const onExport = async () => {
    setExporting(true);
    try {
      const file = await exportProducts(query);
      saveFile(file);
      notify(`Exported ${file.filename}`);
    } catch (caught) {
      notify(`The export failed. ${toApiError(caught).message}`, "error");
    } finally {
      setExporting(false);
    }
  };

  return (
    <>
      <Link to={paths.adminNewProduct} className="button button-primary">
        New product
      </Link>
      <Link to={paths.adminImport} className="button">
        Import CSV
      </Link>
      <button type="button" className="button" disabled={exporting} onClick={() => void onExport()}>
        {exporting ? "Exporting…" : "Export CSV"}
      </button>
    </>
  );
}

function NoProducts({
  query,
  total,
  onClear,
}: {
  query: AdminProductQuery;
  total: number;
  onClear: () => void;
}) {
  if (total > 0) {
    return (
      <EmptyState title="Nothing on this page">
        <Link to={paths.adminProducts + productListSearch({ ...query, page: 1 })}>
          Go to the first page
        </Link>
      </EmptyState>
    );
  }
  if (isFiltered(query)) {
    return (
      <EmptyState title="No products match">
        <button type="button" className="button button-secondary" onClick={onClear}>
          Clear filters
        </button>
      </EmptyState>
    );
  }
  return (
    <EmptyState title="No products yet">
      <p>Add the first product, or bring a catalog in from a CSV file.</p>
      <div className="form-actions">
        <Link to={paths.adminNewProduct} className="button button-primary">
          Add a product
        </Link>
        <Link to={paths.adminImport} className="button">
          Import CSV
        </Link>
      </div>
    </EmptyState>
  );
}

/** Products as the API answered, with the ones changed here since shown as they are now. */
function useFreshProducts(page: Page<AdminProduct> | undefined) {
  const [fresh, setFresh] = useState<{
    page: Page<AdminProduct>;
    byId: Map<number, AdminProduct>;
  }>();
  const changed = fresh?.page === page ? fresh?.byId : undefined;
  const items = (page?.items ?? []).map((product) => changed?.get(product.id) ?? product);
  const remember = useCallback(
    (saved: AdminProduct[]) => {
      if (page) setFresh({ page, byId: new Map(saved.map((product) => [product.id, product])) });
    },
    [page],
  );
  return { items, remember };
}

export function ProductsPage() {
  const { query, update } = useProductListQuery();
  const products = useAdminProducts(query);
  const categories = useProductCategories();
  const { notify } = useToast();
  const edit = useInlineEdit();
  const saveRef = useRef<HTMLButtonElement>(null);
  const { items, remember } = useFreshProducts(products.data);

  const [selected, setSelected] = useState<ReadonlySet<number>>(new Set());
  const [busy, setBusy] = useState(false);
  const [confirmingDeactivate, setConfirmingDeactivate] = useState(false);
  const [choosingCategory, setChoosingCategory] = useState(false);
  // A new dialog each time it opens, so nothing typed last time is left in it.
  const [categoryDialog, setCategoryDialog] = useState(0);
  const [confirmingDiscard, setConfirmingDiscard] = useState(false);

  // Another page, filter or order: the selection and the editing were for the rows left behind.
  const listKey = productListSearch(query);
  const [shownKey, setShownKey] = useState(listKey);
  if (shownKey !== listKey) {
    setShownKey(listKey);
    setSelected(new Set());
    if (edit.ids) edit.stop();
  }

  const editedProducts = items.filter((product) => edit.ids?.includes(product.id));
  const changeCount = edit.ids ? edit.changeCount(editedProducts) : 0;
  const blocker = useBlocker(
    ({ currentLocation, nextLocation }) =>
      changeCount > 0 &&
      (currentLocation.pathname !== nextLocation.pathname ||
        currentLocation.search !== nextLocation.search),
  );

  const selectedProducts = items.filter((product) => selected.has(product.id));
  const total = products.data?.total ?? 0;
  const pageCount = Math.ceil(total / query.perPage);
  const editing = edit.ids !== null;

  const runBulk = async (rows: BulkRow[], done: string) => {
    setBusy(true);
    try {
      remember(await bulkUpdateProducts(rows));
      notify(done);
      setSelected(new Set());
    } catch (caught) {
      notify(bulkFailure(caught, rows, items), "error");
    } finally {
      setBusy(false);
      setConfirmingDeactivate(false);
      setChoosingCategory(false);
      products.reload();
    }
  };

  const setActive = (active: boolean) => {
    const count = plural(selectedProducts.length, "product", "products");
    void runBulk(
      selectedProducts.map((product) => ({ id: product.id, is_active: active })),
      active ? `Activated ${count}` : `Deactivated ${count}`,
    );
  };

  const setCategory = (category: string | null) => {
    const count = plural(selectedProducts.length, "product", "products");
    void runBulk(
      selectedProducts.map((product) => ({ id: product.id, category })),
      category === null
        ? `Removed the category of ${count}`
        : `Moved ${count} to ${category.toLowerCase()}`,
    );
  };

  const startEditing = (products: AdminProduct[]) => {
    setSelected(new Set());
    edit.start(products.map((product) => product.id));
  };

  const onSave = async () => {
    const result = await edit.save(editedProducts);
    if (result.saved) {
      remember(result.saved);
      notify(`Saved ${plural(result.saved.length, "product", "products")}`);
      products.reload();
    } else if (result.problem) {
      focusCell(result.problem);
    }
  };

  const discardOpen = confirmingDiscard || blocker.state === "blocked";
  const closeDiscard = () => {
    setConfirmingDiscard(false);
    blocker.reset?.();
  };

  return (
    <AdminPage title="Products" actions={<HeaderActions query={query} />}>
      <fieldset disabled={editing} className="product-filters-set">
        <legend className="visually-hidden">Search and filters</legend>
        <ProductFilters query={query} categories={categories.data} onChange={update} />
      </fieldset>

      {editing ? (
        <BulkEditBar
          changeCount={changeCount}
          saving={edit.saving}
          formError={edit.formError}
          saveRef={saveRef}
          onSave={() => void onSave()}
          onDiscard={() => {
            if (changeCount) setConfirmingDiscard(true);
            else edit.stop();
          }}
        />
      ) : (
        selectedProducts.length > 0 && (
          <BulkBar
            count={selectedProducts.length}
            busy={busy}
            onActivate={() => {
              setActive(true);
            }}
            onDeactivate={() => {
              setConfirmingDeactivate(true);
            }}
            onSetCategory={() => {
              setCategoryDialog((n) => n + 1);
              setChoosingCategory(true);
            }}
            onEdit={() => {
              startEditing(selectedProducts);
            }}
            onClear={() => {
              setSelected(new Set());
            }}
          />
        )
      )}

      <div className="results-bar product-results-bar">
        <p role="status" className="results-count">
          {products.data ? plural(total, "product", "products") : "\u00a0"}
        </p>
        {!editing && items.length > 0 && (
          <button
            type="button"
            className="button button-secondary"
            onClick={() => {
              startEditing(items);
            }}
          >
            Edit stock &amp; price on this page
          </button>
        )}
      </div>

      {products.isLoading && <Loading label="Loading products…" />}
      {products.error && (
        <ErrorState
          error={products.error}
          title="The products could not be loaded"
          onRetry={products.reload}
        />
      )}
      {products.data && items.length === 0 && (
        <NoProducts
          query={query}
          total={total}
          onClear={() => {
            update(NO_FILTERS);
          }}
        />
      )}
      {items.length > 0 && (
        <>
          <ProductTable
            products={items}
            sort={effectiveSort(query)}
            sortDisabled={editing}
            onSort={(sort) => {
              update({ sort });
            }}
            selected={selected}
            onSelect={(productId, checked) => {
              setSelected((current) => {
                const next = new Set(current);
                if (checked) next.add(productId);
                else next.delete(productId);
                return next;
              });
            }}
            onSelectAll={(checked) => {
              setSelected(new Set(checked ? items.map((product) => product.id) : []));
            }}
            edit={edit}
            onEnterPastEnd={() => saveRef.current?.focus()}
          />
          {!editing && (
            <Pagination
              page={query.page}
              pageCount={pageCount}
              label="Product pages"
              hrefFor={(page) => paths.adminProducts + productListSearch({ ...query, page })}
            />
          )}
        </>
      )}

      <ConfirmDialog
        open={confirmingDeactivate}
        title={`Deactivate ${plural(selectedProducts.length, "product", "products")}?`}
        confirmLabel="Deactivate"
        destructive
        busy={busy}
        onConfirm={() => {
          setActive(false);
        }}
        onCancel={() => {
          setConfirmingDeactivate(false);
        }}
      >
        <p>
          Deactivated products leave the shop: shoppers can no longer find or buy them. Orders
          already placed keep them, and you can activate them again at any time.
        </p>
      </ConfirmDialog>
      <BulkCategoryDialog
        key={categoryDialog}
        open={choosingCategory}
        count={selectedProducts.length}
        categories={categories.data}
        busy={busy}
        onSubmit={setCategory}
        onCancel={() => {
          setChoosingCategory(false);
        }}
      />
      <ConfirmDialog
        open={discardOpen}
        title="Discard your changes?"
        confirmLabel="Discard changes"
        destructive
        onConfirm={() => {
          edit.stop();
          setConfirmingDiscard(false);
          if (blocker.state === "blocked") blocker.proceed();
        }}
        onCancel={closeDiscard}
      >
        <p>
          The changes to {plural(changeCount, "product", "products")} have not been saved and will
          be lost.
        </p>
      </ConfirmDialog>
    </AdminPage>
  );
}
