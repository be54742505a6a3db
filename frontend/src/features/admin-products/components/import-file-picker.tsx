import { useEffect, useId, useRef, useState } from "react";

import { formatSize } from "@/features/admin-products/api/import-products";

/**
 * Dropping a file on `ref`'s element: a pointer shortcut only (the file input inside is the
 * way for the keyboard), so it is wired up outside JSX's interaction handlers.
 */
function useFileDrop(onDrop: (file: File) => void, disabled: boolean) {
  const ref = useRef<HTMLDivElement>(null);
  const [dragging, setDragging] = useState(false);
  const latest = useRef({ onDrop, disabled });
  useEffect(() => {
    latest.current = { onDrop, disabled };
  });

  useEffect(() => {
    const area = ref.current;
    if (!area) return;
    const over = (event: DragEvent) => {
      event.preventDefault();
      setDragging(true);
    };
    const leave = () => {
      setDragging(false);
    };
    const drop = (event: DragEvent) => {
      event.preventDefault();
      setDragging(false);
      const file = event.dataTransfer?.files[0];
      if (file && !latest.current.disabled) latest.current.onDrop(file);
    };
    area.addEventListener("dragenter", over);
    area.addEventListener("dragover", over);
    area.addEventListener("dragleave", leave);
    area.addEventListener("drop", drop);
    return () => {
      area.removeEventListener("dragenter", over);
      area.removeEventListener("dragover", over);
      area.removeEventListener("dragleave", leave);
      area.removeEventListener("drop", drop);
    };
  }, []);

  return { ref, dragging };
}

/**
 * The CSV to import: the browser's own file input (focusable, opened with Enter or Space)
 * inside an area a file can also be dropped on.
 */
export function ImportFilePicker({
  file,
  error,
  disabled,
  onFile,
}: {
  file: File | null;
  error: string | null;
  disabled: boolean;
  onFile: (file: File) => void;
}) {
  const id = useId();
  const { ref, dragging } = useFileDrop(onFile, disabled);

  return (
    <div className="import-picker">
      <div
        ref={ref}
        className={`import-drop${dragging ? " import-drop-active" : ""}`}
        data-testid="import-drop"
      >
        <input
          id={id}
          type="file"
          accept=".csv,text/csv"
          className="import-file-input"
          disabled={disabled}
          aria-describedby={`${id}-hint${error ? ` ${id}-error` : ""}`}
          aria-invalid={error ? true : undefined}
          onChange={(event) => {
            const chosen = event.target.files?.[0];
            if (chosen) onFile(chosen);
            // Choosing the same file again (after fixing it) fires a change too.
            event.target.value = "";
          }}
        />
        <label htmlFor={id} className="import-drop-label">
          <span className="button button-secondary">Choose a CSV file</span>
          <span>or drop it here</span>
        </label>
        <p className="muted import-drop-hint" id={`${id}-hint`}>
          {file ? (
            <>
              Selected: <strong>{file.name}</strong> ({formatSize(file.size)})
            </>
          ) : (
            "No file chosen yet. A .csv file of at most 20 MB."
          )}
        </p>
      </div>
      {error && (
        <p className="field-error" id={`${id}-error`} role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
