import { AdminPage } from "@/components/layouts/admin-layout";
import { ErrorState, Loading } from "@/components/ui/status";

import { useIdParam } from "@/app/routes/id-param";
import { NotFound } from "@/app/routes/not-found";
import { useAdminProduct } from "@/features/admin-products/api/product";
import { PRODUCT_CRUMBS, ProductEditor } from "@/features/admin-products/components/product-editor";

function ProductEditPage({ productId }: { productId: number }) {
  const product = useAdminProduct(productId);
  if (product.error?.status === 404) return <NotFound />;
  if (product.data) return <ProductEditor product={product.data} onChange={product.replace} />;
  return (
    <AdminPage title="Product" crumbs={PRODUCT_CRUMBS}>
      {product.error ? (
        <ErrorState
          error={product.error}
          title="The product could not be loaded"
          onRetry={product.reload}
        />
      ) : (
        <Loading label="Loading the product…" />
      )}
    </AdminPage>
  );
}

export function Component() {
  const productId = useIdParam("productId");
  if (productId === null) return <NotFound />;
  return <ProductEditPage key={productId} productId={productId} />;
}
