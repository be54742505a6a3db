import { ErrorState, Loading } from "@/components/ui/status";
import { useTitle } from "@/lib/title";

import { NotFound } from "@/app/routes/not-found";
import { useIdParam } from "@/app/routes/id-param";
import { useProduct } from "@/features/catalog/api/get-product";
import { ProductDetails } from "@/features/catalog/components/product-details";
import { Reviews } from "@/features/reviews/components/reviews";

function ProductPage({ productId }: { productId: number }) {
  const product = useProduct(productId);
  useTitle(product.data?.name ?? null);
  if (product.isLoading) return <Loading label="Loading the product…" />;
  if (product.error?.status === 404) return <NotFound />;
  if (product.error) {
    return (
      <ErrorState
        error={product.error}
        title="The product could not be loaded"
        onRetry={product.reload}
      />
    );
  }
  if (!product.data) return null;
  return (
    <>
      <ProductDetails product={product.data} />
      <Reviews productId={productId} onChange={product.reload} />
    </>
  );
}

export function Component() {
  const productId = useIdParam("productId");
  if (productId === null) return <NotFound />;
  return <ProductPage key={productId} productId={productId} />;
}
