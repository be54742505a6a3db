import { type FormEvent, useState } from "react";

import type { Category } from "@/features/catalog/api/get-categories";
import type { CatalogQuery } from "@/features/catalog/api/get-products";
import { SORTS } from "@/features/catalog/hooks/use-catalog-query";

const PRICE = /^\d{0,8}(\.\d{0,2})?$/;

export function CatalogFilters({
  query,
  categories,
  onChange,
}: {
  query: CatalogQuery;
  categories: Category[] | undefined;
  onChange: (change: Partial<CatalogQuery>) => void;
}) {
  const [minPrice, setMinPrice] = useState(query.minPrice);
  const [maxPrice, setMaxPrice] = useState(query.maxPrice);
  const [shown, setShown] = useState({ min: query.minPrice, max: query.maxPrice });
  if (shown.min !== query.minPrice || shown.max !== query.maxPrice) {
    setShown({ min: query.minPrice, max: query.maxPrice });
    setMinPrice(query.minPrice);
    setMaxPrice(query.maxPrice);
  }
  const priceError =
    minPrice && maxPrice && Number(minPrice) > Number(maxPrice)
      ? "The lowest price is above the highest."
      : null;

  const applyPrices = (event: FormEvent) => {
    event.preventDefault();
    if (!priceError) onChange({ minPrice, maxPrice });
  };

  return (
    <div className="filters">
      <fieldset className="filter-group">
        <legend>Category</legend>
        <ul className="category-list">
          <li>
            <button
              type="button"
              className="category-option"
              aria-pressed={query.category === ""}
              onClick={() => {
                onChange({ category: "" });
              }}
            >
              All products
            </button>
          </li>
          {categories?.map((category) => (
            <li key={category.name}>
              <button
                type="button"
                className="category-option"
                aria-pressed={query.category === category.name}
                onClick={() => {
                  onChange({ category: category.name });
                }}
              >
                <span>{category.name}</span>
                <span className="count" aria-label={`${category.product_count} products`}>
                  {category.product_count}
                </span>
              </button>
            </li>
          ))}
        </ul>
      </fieldset>

      <form className="filter-group price-range" onSubmit={applyPrices}>
        <fieldset>
          <legend>Price</legend>
          <div className="price-inputs">
            <label>
              <span>Min</span>
              <input
                name="min_price"
                inputMode="decimal"
                value={minPrice}
                placeholder="0"
                aria-invalid={priceError ? true : undefined}
                onChange={(event) => {
                  if (PRICE.test(event.target.value)) setMinPrice(event.target.value);
                }}
              />
            </label>
            <label>
              <span>Max</span>
              <input
                name="max_price"
                inputMode="decimal"
                value={maxPrice}
                placeholder="Any"
                aria-invalid={priceError ? true : undefined}
                onChange={(event) => {
                  if (PRICE.test(event.target.value)) setMaxPrice(event.target.value);
                }}
              />
            </label>
          </div>
          {priceError && (
            <p className="field-error" role="alert">
              {priceError}
            </p>
          )}
          <button type="submit" className="button button-secondary">
            Apply price
          </button>
        </fieldset>
      </form>

      <div className="filter-group">
        <label className="toggle">
          <input
            type="checkbox"
            checked={query.inStock}
            onChange={(event) => {
              onChange({ inStock: event.target.checked });
            }}
          />
          <span>In stock only</span>
        </label>
      </div>
    </div>
  );
}

export function SortSelect({
  query,
  onChange,
}: {
  query: CatalogQuery;
  onChange: (change: Partial<CatalogQuery>) => void;
}) {
  const options = SORTS.filter((option) => !option.needsSearch || query.q);
  const value = query.sort || (query.q ? "relevance" : "newest");
  return (
    <label className="sort-select">
      <span>Sort by</span>
      <select
        value={value}
        onChange={(event) => {
          onChange({ sort: event.target.value as CatalogQuery["sort"] });
        }}
      >
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </label>
  );
}
