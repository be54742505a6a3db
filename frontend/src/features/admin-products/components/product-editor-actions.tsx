import { useState } from "react";
import { Link } from "react-router";

import { ConfirmDialog } from "@/components/ui/dialog";
import { paths } from "@/config/paths";
import { toApiError } from "@/lib/api-client";
import { useToast } from "@/lib/toast";

import {
  deleteProduct,
  getAdminProduct,
  type Product,
  restoreProduct,
} from "@/features/admin-products/api/product";

/** Take a product out of the shop, or put a deleted one back: each asks first. */
export function ProductEditorActions({
  product,
  onChange,
}: {
  product: Product;
  onChange: (product: Product) => void;
}) {
  const { notify } = useToast();
  const [asking, setAsking] = useState<"delete" | "restore" | null>(null);
  const [busy, setBusy] = useState(false);

  const run = async (action: "delete" | "restore") => {
    setBusy(true);
    try {
      if (action === "delete") {
        await deleteProduct(product.id);
        onChange(await getAdminProduct(product.id).catch(() => ({ ...product, is_active: false })));
        notify("Product deleted");
      } else {
        onChange(await restoreProduct(product.id));
        notify("Product restored");
      }
    } catch (caught) {
      const verb = action === "delete" ? "deleted" : "restored";
      notify(`The product could not be ${verb}: ${toApiError(caught).message}`, "error");
    } finally {
      setBusy(false);
      setAsking(null);
    }
  };

  return (
    <>
      {product.is_active ? (
        <>
          <Link className="button button-secondary" to={paths.product(product.id)}>
            View in shop
          </Link>
          <button
            type="button"
            className="button button-danger"
            onClick={() => {
              setAsking("delete");
            }}
          >
            Delete product
          </button>
        </>
      ) : (
        <button
          type="button"
          className="button button-primary"
          onClick={() => {
            setAsking("restore");
          }}
        >
          Restore product
        </button>
      )}
      <ConfirmDialog
        open={asking === "delete"}
        title="Delete this product?"
        confirmLabel="Delete product"
        destructive
        busy={busy}
        onConfirm={() => void run("delete")}
        onCancel={() => {
          setAsking(null);
        }}
      >
        <p>
          “{product.name}” leaves the shop; orders that contain it keep it. You can restore it
          later.
        </p>
      </ConfirmDialog>
      <ConfirmDialog
        open={asking === "restore"}
        title="Restore this product?"
        confirmLabel="Restore product"
        busy={busy}
        onConfirm={() => void run("restore")}
        onCancel={() => {
          setAsking(null);
        }}
      >
        <p>“{product.name}” goes back on sale in the shop.</p>
      </ConfirmDialog>
    </>
  );
}
