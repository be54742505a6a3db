import { useCallback, useState } from "react";

import { toApiError } from "@/lib/api-client";
import { plural } from "@/lib/format";

import { bulkUpdateProducts, refusedRows } from "@/features/admin-products/api/bulk-update";
import type { AdminProduct } from "@/features/admin-products/api/list-products";
import {
  type CellErrors,
  changedRows,
  type Draft,
  type EditField,
  errorsByProduct,
  fieldError,
  invalidCells,
  isChanged,
} from "@/features/admin-products/components/bulk-edit-rules";

export interface Cell {
  productId: number;
  field: EditField;
}

/** The products as saved, or the first cell to look at. */
export type SaveResult = { saved: AdminProduct[] } | { saved: null; problem: Cell | null };

const cellKey = (productId: number, field: EditField) => `${productId}:${field}`;

/**
 * Spreadsheet-style editing of prices and stock: what was typed per cell, its problems (the
 * rules' and the API's), and one request for every change.
 */
export function useInlineEdit() {
  const [ids, setIds] = useState<number[] | null>(null);
  const [drafts, setDrafts] = useState<Record<number, Draft>>({});
  const [touched, setTouched] = useState<ReadonlySet<string>>(new Set());
  const [submitted, setSubmitted] = useState(false);
  const [refused, setRefused] = useState<Record<number, CellErrors>>({});
  const [saving, setSaving] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);

  const start = useCallback((productIds: number[]) => {
    setIds(productIds);
  }, []);

  const stop = useCallback(() => {
    setIds(null);
    setDrafts({});
    setTouched(new Set());
    setSubmitted(false);
    setRefused({});
    setFormError(null);
  }, []);

  const forget = (productId: number, field: EditField) => {
    setRefused((current) => {
      const cell = current[productId];
      if (!cell?.[field] && !cell?.row) return current;
      const { [field]: _field, row: _row, ...rest } = cell;
      return { ...current, [productId]: rest };
    });
  };

  const change = (productId: number, field: EditField, value: string) => {
    setDrafts((current) => ({
      ...current,
      [productId]: { ...current[productId], [field]: value },
    }));
    forget(productId, field);
  };

  const revert = (productId: number, field: EditField) => {
    setDrafts((current) => {
      const { [field]: _field, ...rest } = current[productId] ?? {};
      return { ...current, [productId]: rest };
    });
    forget(productId, field);
  };

  const blur = (productId: number, field: EditField) => {
    const key = cellKey(productId, field);
    setTouched((current) => (current.has(key) ? current : new Set(current).add(key)));
  };

  /** The message beside a cell: the API's refusal, else a broken rule once it is due. */
  const errorFor = (product: AdminProduct, field: EditField): string | undefined => {
    const fromApi = refused[product.id]?.[field];
    if (fromApi) return fromApi;
    const typed = drafts[product.id]?.[field];
    const due = submitted || touched.has(cellKey(product.id, field));
    return due && typed !== undefined ? fieldError[field](typed) : undefined;
  };

  const rowError = (productId: number) => refused[productId]?.row;

  /** How many of these products have a changed cell. */
  const changeCount = (products: AdminProduct[]) =>
    products.filter(
      (product) =>
        isChanged(product, drafts[product.id], "price") ||
        isChanged(product, drafts[product.id], "stock"),
    ).length;

  const save = async (products: AdminProduct[]): Promise<SaveResult> => {
    setSubmitted(true);
    const invalid = invalidCells(products, drafts);
    if (invalid.length) {
      setFormError(
        `${plural(invalid.length, "cell needs", "cells need")} fixing before the changes can be saved.`,
      );
      return { saved: null, problem: invalid[0] ?? null };
    }
    const rows = changedRows(products, drafts);
    if (!rows.length) return { saved: null, problem: null };
    setSaving(true);
    setFormError(null);
    try {
      const saved = await bulkUpdateProducts(rows);
      stop();
      return { saved };
    } catch (caught) {
      const error = toApiError(caught);
      const byProduct = errorsByProduct(rows, refusedRows(error));
      setRefused(byProduct);
      const refusedCount = Object.keys(byProduct).length;
      setFormError(
        refusedCount
          ? `Nothing was saved: the shop refused ${plural(refusedCount, "product", "products")}. Fix the marked cells and save again.`
          : `Nothing was saved. ${error.message}`,
      );
      return { saved: null, problem: firstRefused(products, byProduct) };
    } finally {
      setSaving(false);
    }
  };

  return {
    ids,
    drafts,
    saving,
    formError,
    start,
    stop,
    change,
    revert,
    blur,
    errorFor,
    rowError,
    changeCount,
    save,
  };
}

export type InlineEdit = ReturnType<typeof useInlineEdit>;

function firstRefused(products: AdminProduct[], errors: Record<number, CellErrors>): Cell | null {
  for (const product of products) {
    const cell = errors[product.id];
    if (cell?.price !== undefined) return { productId: product.id, field: "price" };
    if (cell?.stock !== undefined) return { productId: product.id, field: "stock" };
  }
  return null;
}
