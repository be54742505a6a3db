import { type ReactNode, useCallback, useId } from "react";

import { useSearchText } from "@/lib/use-search-text";

import {
  type AdminProductQuery,
  type Category,
  LOW_STOCK_MAX,
  PAGE_SIZES,
  type ProductSort,
  type ProductStatus,
} from "@/features/admin-products/api/list-products";
import { SORTS } from "@/features/admin-products/hooks/use-product-list-query";

type Update = (change: Partial<AdminProductQuery>, options?: { replace?: boolean }) => void;

/** Search as you type: the query follows the text once typing pauses. */
function SearchField({ value, onSearch }: { value: string; onSearch: (q: string) => void }) {
  const id = useId();
  const { text, setText, submit } = useSearchText(value, onSearch);

  return (
    <form
      role="search"
      className="field product-search"
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      <label htmlFor={id}>Search</label>
      <input
        id={id}
        type="search"
        placeholder="Name or SKU"
        value={text}
        maxLength={200}
        autoComplete="off"
        onChange={(event) => {
          setText(event.target.value);
        }}
      />
    </form>
  );
}

function SelectField({
  label,
  value,
  onChange,
  children,
  className,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  children: ReactNode;
  className?: string;
}) {
  const id = useId();
  return (
    <div className={className ? `field ${className}` : "field"}>
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        value={value}
        onChange={(event) => {
          onChange(event.target.value);
        }}
      >
        {children}
      </select>
    </div>
  );
}

/** The order the API applies when none is asked for. */
export function effectiveSort(query: AdminProductQuery): ProductSort {
  return query.sort || (query.q ? "relevance" : "newest");
}

export function ProductFilters({
  query,
  categories,
  onChange,
}: {
  query: AdminProductQuery;
  categories: Category[] | undefined;
  onChange: Update;
}) {
  const lowStockId = useId();
  const names = (categories ?? []).map((category) => category.name);
  // A category from the URL that has nothing for sale is still offered, so it shows as chosen.
  if (query.category && !names.includes(query.category)) names.unshift(query.category);
  const defaultSort = query.q ? "relevance" : "newest";
  const onSearch = useCallback(
    (q: string) => {
      onChange({ q }, { replace: true });
    },
    [onChange],
  );

  return (
    <div className="toolbar product-filters">
      <SearchField value={query.q} onSearch={onSearch} />
      <SelectField
        label="Category"
        value={query.category}
        onChange={(category) => {
          onChange({ category });
        }}
      >
        <option value="">All categories</option>
        {names.map((name) => (
          <option key={name} value={name}>
            {name}
          </option>
        ))}
      </SelectField>
      <SelectField
        label="Status"
        value={query.status}
        onChange={(status) => {
          onChange({ status: status as ProductStatus });
        }}
      >
        <option value="all">All</option>
        <option value="sale">For sale</option>
        <option value="deleted">Deleted</option>
      </SelectField>
      <div className="field field-check">
        <input
          id={lowStockId}
          type="checkbox"
          checked={query.lowStock}
          onChange={(event) => {
            onChange({ lowStock: event.target.checked });
          }}
        />
        <label htmlFor={lowStockId}>Low stock only ({LOW_STOCK_MAX} or fewer)</label>
      </div>
      <SelectField
        label="Sort by"
        value={effectiveSort(query)}
        onChange={(value) => {
          onChange({ sort: value === defaultSort ? "" : (value as ProductSort) });
        }}
      >
        {SORTS.filter((option) => !option.needsSearch || query.q).map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </SelectField>
      <SelectField
        label="Per page"
        className="field-narrow"
        value={String(query.perPage)}
        onChange={(value) => {
          onChange({ perPage: Number(value) });
        }}
      >
        {PAGE_SIZES.map((size) => (
          <option key={size} value={size}>
            {size}
          </option>
        ))}
      </SelectField>
    </div>
  );
}
