import { useId } from "react";

import type { UploadProgress } from "@/lib/api-client";

/** How far an upload has got, as a bar and a percentage. */
export function ImageProgress({ progress }: { progress: UploadProgress | null }) {
  const id = useId();
  const percent = progress?.total ? Math.round((progress.loaded / progress.total) * 100) : 0;
  return (
    <div className="image-progress">
      <label htmlFor={id}>Uploading the image</label>
      <progress id={id} max={100} value={percent}>
        {percent}%
      </progress>
      <span aria-hidden="true">{percent}%</span>
    </div>
  );
}
