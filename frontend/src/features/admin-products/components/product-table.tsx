import { useEffect, useRef } from "react";

import type { AdminProduct, ProductSort } from "@/features/admin-products/api/list-products";
import { ProductRow } from "@/features/admin-products/components/product-table-row";
import type { InlineEdit } from "@/features/admin-products/hooks/use-inline-edit";

function SortHeader({
  label,
  ascending,
  descending,
  sort,
  onSort,
  disabled,
  className,
}: {
  label: string;
  ascending: ProductSort;
  descending?: ProductSort;
  sort: ProductSort;
  onSort: (sort: ProductSort) => void;
  disabled: boolean;
  className?: string;
}) {
  const direction =
    sort === ascending ? "ascending" : sort === descending ? "descending" : undefined;
  const next = direction === "ascending" && descending ? descending : ascending;
  return (
    <th scope="col" aria-sort={direction} className={className}>
      <button
        type="button"
        className="sort-button"
        disabled={disabled}
        onClick={() => {
          onSort(next);
        }}
      >
        {label}
        <span aria-hidden="true" className="sort-arrow">
          {direction === "ascending" ? "▲" : direction === "descending" ? "▼" : "↕"}
        </span>
      </button>
    </th>
  );
}

function SelectAll({
  selectedCount,
  total,
  disabled,
  onChange,
}: {
  selectedCount: number;
  total: number;
  disabled: boolean;
  onChange: (selected: boolean) => void;
}) {
  const ref = useRef<HTMLInputElement>(null);
  const some = selectedCount > 0 && selectedCount < total;
  useEffect(() => {
    if (ref.current) ref.current.indeterminate = some;
  }, [some]);
  return (
    <input
      ref={ref}
      type="checkbox"
      aria-label="Select all products on this page"
      checked={total > 0 && selectedCount === total}
      disabled={disabled}
      onChange={(event) => {
        onChange(event.target.checked);
      }}
    />
  );
}

export function ProductTable({
  products,
  sort,
  sortDisabled,
  onSort,
  selected,
  onSelect,
  onSelectAll,
  edit,
  onEnterPastEnd,
}: {
  products: AdminProduct[];
  /** The order shown (the API's default when none is asked for). */
  sort: ProductSort;
  sortDisabled: boolean;
  onSort: (sort: ProductSort) => void;
  selected: ReadonlySet<number>;
  onSelect: (productId: number, selected: boolean) => void;
  onSelectAll: (selected: boolean) => void;
  edit: InlineEdit;
  onEnterPastEnd: () => void;
}) {
  const editing = new Set(edit.ids ?? []);
  const selectedCount = products.filter((product) => selected.has(product.id)).length;
  return (
    <div className="table-scroll">
      <table className="data-table product-table">
        <caption className="visually-hidden">Products</caption>
        <thead>
          <tr>
            <th scope="col" className="col-select">
              <SelectAll
                selectedCount={selectedCount}
                total={products.length}
                disabled={edit.ids !== null}
                onChange={onSelectAll}
              />
            </th>
            <th scope="col" className="col-image">
              <span className="visually-hidden">Image</span>
            </th>
            <SortHeader
              label="Name"
              ascending="name"
              sort={sort}
              onSort={onSort}
              disabled={sortDisabled}
            />
            <th scope="col">SKU</th>
            <th scope="col">Category</th>
            <SortHeader
              label="Price"
              ascending="price_asc"
              descending="price_desc"
              sort={sort}
              onSort={onSort}
              disabled={sortDisabled}
              className="numeric"
            />
            <SortHeader
              label="Stock"
              ascending="stock_asc"
              descending="stock_desc"
              sort={sort}
              onSort={onSort}
              disabled={sortDisabled}
              className="numeric"
            />
            <th scope="col">Status</th>
            <th scope="col">Updated</th>
          </tr>
        </thead>
        <tbody>
          {products.map((product) => (
            <ProductRow
              key={product.id}
              product={product}
              selected={selected.has(product.id)}
              onSelect={onSelect}
              selectionDisabled={edit.ids !== null}
              edit={editing.has(product.id) ? edit : null}
              onEnterPastEnd={onEnterPastEnd}
            />
          ))}
        </tbody>
      </table>
    </div>
  );
}
