import { useEffect, useId, useRef, useState } from "react";

import { ConfirmDialog } from "@/components/ui/dialog";
import { FormError } from "@/components/ui/status";
import { toApiError, type UploadProgress } from "@/lib/api-client";
import { useToast } from "@/lib/toast";

import { removeProductImage, uploadProductImage } from "@/features/admin-products/api/image";
import type { Product } from "@/features/admin-products/api/product";
import { ImagePicker } from "@/features/admin-products/components/image-picker";
import { ImageProgress } from "@/features/admin-products/components/image-progress";

/** The product's image: shown, uploaded (with progress), replaced and removed. */
export function ImagePanel({
  product,
  onChange,
}: {
  product: Product;
  onChange: (product: Product) => void;
}) {
  const { notify } = useToast();
  const headingId = useId();
  const [file, setFile] = useState<File | null>(null);
  const [progress, setProgress] = useState<UploadProgress | null>(null);
  const [uploading, setUploading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [removing, setRemoving] = useState(false);
  const upload = useRef<AbortController | null>(null);

  useEffect(
    () => () => {
      upload.current?.abort();
    },
    [],
  );

  const send = async (chosen: File) => {
    const controller = new AbortController();
    upload.current = controller;
    setUploading(true);
    setProgress(null);
    setError(null);
    try {
      const updated = await uploadProductImage(product.id, chosen, {
        onProgress: setProgress,
        signal: controller.signal,
      });
      setFile(null);
      onChange(updated);
      notify(product.image_url ? "Image replaced" : "Image uploaded");
    } catch (caught) {
      if (controller.signal.aborted) return;
      setError(toApiError(caught).message);
    } finally {
      setUploading(false);
    }
  };

  const remove = async () => {
    setRemoving(true);
    setError(null);
    try {
      onChange(await removeProductImage(product.id));
      notify("Image removed");
    } catch (caught) {
      notify(`The image could not be removed: ${toApiError(caught).message}`, "error");
    } finally {
      setRemoving(false);
      setConfirming(false);
    }
  };

  return (
    <section className="card product-section" aria-labelledby={headingId}>
      <h2 id={headingId}>Image</h2>
      <div className="image-current">
        {product.image_url ? (
          <img src={product.image_url} alt={`${product.name} (current)`} />
        ) : (
          <p className="image-none">No image</p>
        )}
      </div>
      <ImagePicker
        file={file}
        label={product.image_url ? "Choose a new image" : "Choose an image"}
        disabled={uploading}
        onChange={(chosen) => {
          setFile(chosen);
          setError(null);
        }}
      />
      {uploading && <ImageProgress progress={progress} />}
      <FormError message={error} />
      <div className="form-actions">
        {file && !uploading && (
          <>
            <button type="button" className="button button-primary" onClick={() => void send(file)}>
              {product.image_url ? "Replace image" : "Upload image"}
            </button>
            <button
              type="button"
              className="button button-secondary"
              onClick={() => {
                setFile(null);
              }}
            >
              Cancel
            </button>
          </>
        )}
        {product.image_url && !file && (
          <button
            type="button"
            className="button button-secondary"
            disabled={removing}
            onClick={() => {
              setConfirming(true);
            }}
          >
            Remove image
          </button>
        )}
      </div>
      <ConfirmDialog
        open={confirming}
        title="Remove the image?"
        confirmLabel="Remove image"
        destructive
        busy={removing}
        onConfirm={() => void remove()}
        onCancel={() => {
          setConfirming(false);
        }}
      >
        <p>The product is shown without a picture until you upload a new one.</p>
      </ConfirmDialog>
    </section>
  );
}
