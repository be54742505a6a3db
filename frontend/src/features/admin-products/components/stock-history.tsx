import { EmptyState, ErrorState, Loading } from "@/components/ui/status";
import type { ApiError, Page } from "@/lib/api-client";
import { plural } from "@/lib/format";
import { DateTime } from "@/lib/shop";

import { HISTORY_PAGE_SIZE, type StockMovement } from "@/features/admin-products/api/stock";

const REASONS: Record<StockMovement["reason"], string> = {
  initial: "Initial stock",
  restock: "Restock",
  sale: "Sale",
  cancel: "Cancelled order",
  adjustment: "Adjustment",
  import: "Import",
};

/** +5, −2: the change with its sign, as people write it. */
export function formatDelta(delta: number): string {
  return delta < 0 ? `\u2212${Math.abs(delta)}` : `+${delta}`;
}

/** A product's stock movements, newest first, a page at a time. */
export function StockHistory({
  headingId,
  history,
  page,
  onPage,
}: {
  headingId: string;
  history: {
    data: Page<StockMovement> | undefined;
    error: ApiError | undefined;
    reload: () => void;
  };
  page: number;
  onPage: (page: number) => void;
}) {
  if (history.error) {
    return (
      <ErrorState
        error={history.error}
        title="The stock history could not be loaded"
        onRetry={history.reload}
      />
    );
  }
  if (!history.data) return <Loading label="Loading the stock history…" />;
  const { items, total } = history.data;
  if (!total) return <EmptyState title="No stock movements yet" />;
  const pageCount = Math.max(1, Math.ceil(total / HISTORY_PAGE_SIZE));
  return (
    <>
      <div className="table-scroll">
        <table className="data-table stock-history" aria-labelledby={headingId}>
          <thead>
            <tr>
              <th scope="col">Date</th>
              <th scope="col">Reason</th>
              <th scope="col" className="numeric">
                Change
              </th>
              <th scope="col" className="numeric">
                Stock after
              </th>
              <th scope="col">Note</th>
            </tr>
          </thead>
          <tbody>
            {items.map((movement) => (
              <tr key={movement.id}>
                <td>
                  <DateTime iso={movement.created_at} />
                </td>
                <td>{REASONS[movement.reason]}</td>
                <td
                  className={`numeric ${movement.delta < 0 ? "stock-delta-down" : "stock-delta-up"}`}
                >
                  {formatDelta(movement.delta)}
                </td>
                <td className="numeric">{movement.stock_after}</td>
                <td className="stock-note">{movement.note ?? <span className="muted">—</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="stock-history-pages">
        <span className="muted">
          {plural(total, "movement", "movements")}
          {pageCount > 1 && ` · page ${page} of ${pageCount}`}
        </span>
        {pageCount > 1 && (
          <span className="stock-history-buttons">
            <button
              type="button"
              className="button button-secondary"
              disabled={page <= 1}
              onClick={() => {
                onPage(page - 1);
              }}
            >
              Newer
            </button>
            <button
              type="button"
              className="button button-secondary"
              disabled={page >= pageCount}
              onClick={() => {
                onPage(page + 1);
              }}
            >
              Older
            </button>
          </span>
        )}
      </div>
    </>
  );
}
