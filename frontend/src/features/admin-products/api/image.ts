import { api, type Schemas, unwrap, uploadForm, type UploadProgress } from "@/lib/api-client";

type Product = Schemas["ProductRead"];

export const IMAGE_TYPES = ["image/jpeg", "image/png", "image/webp", "image/gif"];
export const MAX_IMAGE_BYTES = 5 * 1024 * 1024;

/** "850 KB", "6.2 MB". */
export function formatFileSize(bytes: number): string {
  if (bytes < 1024 * 1024) return `${Math.max(1, Math.round(bytes / 1024))} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** Why the API would refuse this file before it is sent, if it would. */
export function imageFileError(file: File): string | undefined {
  if (!IMAGE_TYPES.includes(file.type)) return "Choose a JPEG, PNG, WebP or GIF image.";
  if (file.size > MAX_IMAGE_BYTES) {
    return `The image is ${formatFileSize(file.size)}; images may be at most 5 MB.`;
  }
  return undefined;
}

export async function uploadProductImage(
  productId: number,
  file: File,
  options: { onProgress?: (progress: UploadProgress) => void; signal?: AbortSignal } = {},
): Promise<Product> {
  const form = new FormData();
  form.append("image", file);
  return (await uploadForm(`/products/${productId}/image`, form, options)) as Product;
}

export function removeProductImage(productId: number): Promise<Product> {
  return unwrap(
    api.DELETE("/products/{product_id}/image", { params: { path: { product_id: productId } } }),
  );
}
