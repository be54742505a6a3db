import { useState } from "react";
import { useNavigate } from "react-router";

import { AdminPage } from "@/components/layouts/admin-layout";
import { paths } from "@/config/paths";
import { toApiError, type UploadProgress } from "@/lib/api-client";
import { useToast } from "@/lib/toast";

import { uploadProductImage } from "@/features/admin-products/api/image";
import { createProduct, forgetProduct } from "@/features/admin-products/api/product";
import { ImagePicker } from "@/features/admin-products/components/image-picker";
import { ImageProgress } from "@/features/admin-products/components/image-progress";
import { ProductForm } from "@/features/admin-products/components/product-form";
import { createBody } from "@/features/admin-products/components/product-form-rules";

const CRUMBS = [{ label: "Products", to: paths.adminProducts }];

/**
 * A new product: its details and, if one is chosen, its image, uploaded as soon as the
 * product exists. Then on to the product's own page.
 */
export function NewProductEditor() {
  const navigate = useNavigate();
  const { notify } = useToast();
  const [image, setImage] = useState<File | null>(null);
  const [progress, setProgress] = useState<UploadProgress | null>(null);
  const [uploading, setUploading] = useState(false);

  const create = async (body: Parameters<typeof createProduct>[0]) => {
    const product = await createProduct(body);
    forgetProduct(product.id);
    let imageFailure: string | null = null;
    if (image) {
      setUploading(true);
      try {
        await uploadProductImage(product.id, image, { onProgress: setProgress });
      } catch (caught) {
        imageFailure = toApiError(caught).message;
      }
    }
    if (imageFailure === null) notify("Product created");
    else notify(`Product created, but the image was not uploaded: ${imageFailure}`, "error");
    await navigate(paths.adminProduct(product.id));
  };

  return (
    <AdminPage title="New product" crumbs={CRUMBS}>
      <div className="product-editor product-editor-new">
        <div className="product-editor-details">
          <ProductForm
            submitLabel="Create product"
            onSubmit={async (values) => {
              await create(createBody(values));
            }}
          >
            <fieldset className="product-form-image">
              <legend>Image (optional)</legend>
              <ImagePicker
                file={image}
                label="Choose an image"
                disabled={uploading}
                onChange={setImage}
              />
              {uploading && <ImageProgress progress={progress} />}
            </fieldset>
          </ProductForm>
        </div>
      </div>
    </AdminPage>
  );
}
