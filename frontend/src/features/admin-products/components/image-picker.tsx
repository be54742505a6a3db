import { useEffect, useId, useRef, useState } from "react";

import { formatFileSize, IMAGE_TYPES, imageFileError } from "@/features/admin-products/api/image";

/**
 * Choose an image file: refused at once when the API would refuse it (type, size), else
 * previewed from the disk before anything is sent.
 */
export function ImagePicker({
  file,
  onChange,
  label,
  disabled = false,
}: {
  file: File | null;
  onChange: (file: File | null) => void;
  label: string;
  disabled?: boolean;
}) {
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const [error, setError] = useState<string | null>(null);
  // The chosen file's local preview; its object URL is released once it is not shown.
  const [preview, setPreview] = useState<{ file: File; url: string } | null>(null);
  if (preview && preview.file !== file) setPreview(null);

  useEffect(() => {
    if (!preview) return;
    const { url } = preview;
    return () => {
      URL.revokeObjectURL(url);
    };
  }, [preview]);

  useEffect(() => {
    if (!file && input.current) input.current.value = "";
  }, [file]);

  return (
    <div className="image-picker">
      <div className="field">
        <label htmlFor={id}>{label}</label>
        <input
          ref={input}
          id={id}
          type="file"
          name="image"
          accept={IMAGE_TYPES.join(",")}
          disabled={disabled}
          aria-invalid={error ? true : undefined}
          aria-describedby={`${id}-hint${error ? ` ${id}-error` : ""}`}
          onChange={(event) => {
            const chosen = event.target.files?.[0] ?? null;
            const problem = chosen ? imageFileError(chosen) : undefined;
            setError(problem ?? null);
            if (problem) event.target.value = "";
            const accepted = problem ? null : chosen;
            setPreview(accepted && { file: accepted, url: URL.createObjectURL(accepted) });
            onChange(accepted);
          }}
        />
        <p className="field-hint" id={`${id}-hint`}>
          JPEG, PNG, WebP or GIF, at most 5 MB.
        </p>
        {error && (
          <p className="field-error" id={`${id}-error`} role="alert">
            {error}
          </p>
        )}
      </div>
      {file && preview?.file === file && (
        <figure className="image-preview">
          <img src={preview.url} alt={`Chosen: ${file.name}`} />
          <figcaption>
            {file.name} · {formatFileSize(file.size)}
          </figcaption>
        </figure>
      )}
    </div>
  );
}
