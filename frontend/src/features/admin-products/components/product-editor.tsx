import { Link } from "react-router";

import { AdminPage } from "@/components/layouts/admin-layout";
import { paths } from "@/config/paths";
import { DateTime } from "@/lib/shop";
import { useToast } from "@/lib/toast";

import {
  getAdminProduct,
  type Product,
  updateProduct,
} from "@/features/admin-products/api/product";
import { ImagePanel } from "@/features/admin-products/components/image-panel";
import { ProductEditorActions } from "@/features/admin-products/components/product-editor-actions";
import { ProductForm } from "@/features/admin-products/components/product-form";
import { updateBody } from "@/features/admin-products/components/product-form-rules";
import { StockPanel } from "@/features/admin-products/components/stock-panel";

import "@/features/admin-products/product-form.css";

export const PRODUCT_CRUMBS = [{ label: "Products", to: paths.adminProducts }];

/** The edit page of one product: its details, image, stock and status. */
export function ProductEditor({
  product,
  onChange,
}: {
  product: Product;
  onChange: (product: Product) => void;
}) {
  const { notify } = useToast();

  const refresh = async () => {
    try {
      onChange(await getAdminProduct(product.id));
    } catch {
      // What is shown stays as it was; the next change or reload corrects it.
    }
  };

  return (
    <AdminPage
      title={product.name}
      crumbs={PRODUCT_CRUMBS}
      actions={<ProductEditorActions product={product} onChange={onChange} />}
    >
      {!product.is_active && (
        <p className="product-status-banner" role="status">
          This product is deleted — not for sale. Restore it to put it back in the shop.
        </p>
      )}
      <p className="muted product-meta">
        #{product.id}
        {product.sku && <> · SKU {product.sku}</>} · updated <DateTime iso={product.updated_at} /> ·{" "}
        <Link to={paths.adminActivityOf("product", product.id)}>
          Activity<span className="visually-hidden"> of this product</span>
        </Link>
      </p>
      <div className="product-editor">
        <div className="product-editor-details">
          <ProductForm
            product={product}
            submitLabel="Save changes"
            onSubmit={async (values, base) => {
              onChange(await updateProduct(product.id, updateBody(values, base)));
              notify("Product saved");
            }}
          />
        </div>
        <div className="product-editor-side">
          <ImagePanel product={product} onChange={onChange} />
        </div>
        <StockPanel
          product={product}
          onAdjusted={(stock) => {
            onChange({ ...product, stock, in_stock: stock > 0 });
            void refresh(); // and its new "updated" time
          }}
          onStale={() => void refresh()}
        />
      </div>
    </AdminPage>
  );
}
