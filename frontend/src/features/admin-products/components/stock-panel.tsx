import { useId, useState } from "react";

import { useToast } from "@/lib/toast";

import type { Product } from "@/features/admin-products/api/product";
import {
  forgetStockHistory,
  type StockMovement,
  useStockHistory,
} from "@/features/admin-products/api/stock";
import { StockDialog } from "@/features/admin-products/components/stock-dialog";
import { StockHistory } from "@/features/admin-products/components/stock-history";

/** The product's stock: how many there are, the adjust dialog, and every movement. */
export function StockPanel({
  product,
  onAdjusted,
  onStale,
}: {
  product: Product;
  /** The stock after a change saved here. */
  onAdjusted: (stock: number) => void;
  /** The stock shown is out of date (a sale happened meanwhile): fetch it again. */
  onStale: () => void;
}) {
  const { notify } = useToast();
  const headingId = useId();
  const historyId = useId();
  const [open, setOpen] = useState(false);
  const [page, setPage] = useState(1);
  const history = useStockHistory(product.id, page);

  const adjusted = (movement: StockMovement) => {
    setOpen(false);
    notify(`Stock changed: ${product.stock} → ${movement.stock_after}`);
    onAdjusted(movement.stock_after);
    forgetStockHistory(product.id);
    setPage(1);
    history.reload();
  };

  return (
    <>
      <section className="card product-section product-stock" aria-labelledby={headingId}>
        <h2 id={headingId}>Stock</h2>
        <p className="stock-now">
          <span className="muted">In stock</span>{" "}
          <strong className="stock-count">{product.stock}</strong>
        </p>
        <button
          type="button"
          className="button"
          onClick={() => {
            setOpen(true);
          }}
        >
          Adjust stock
        </button>
        <StockDialog
          open={open}
          productId={product.id}
          stock={product.stock}
          onClose={() => {
            setOpen(false);
          }}
          onAdjusted={adjusted}
          onStale={onStale}
        />
      </section>
      <section className="product-section product-history" aria-labelledby={historyId}>
        <h2 id={historyId}>Stock history</h2>
        <StockHistory headingId={historyId} history={history} page={page} onPage={setPage} />
      </section>
    </>
  );
}
