/** Files the API sends for download (CSV exports): fetched with the token, saved from memory. */
import { errorFrom, toApiError } from "@/lib/api-client";

export interface DownloadedFile {
  blob: Blob;
  filename: string;
}

function decoded(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}

// A plain file name only: never a path, nothing hidden, no control characters.
function isPlainName(name: string | undefined): name is string {
  return (
    name !== undefined &&
    name !== "" &&
    !name.startsWith(".") &&
    // eslint-disable-next-line no-control-regex
    !/[\\/\u0000-\u001f\u007f]/.test(name)
  );
}

/**
 * The file name a `Content-Disposition` header gives (`filename*=UTF-8''…` preferred over
 * `filename="…"`), or `fallback` when it gives none or one that is not a plain file name.
 */
export function filenameFrom(disposition: string | null, fallback: string): string {
  const header = disposition ?? "";
  const extended = /(?:^|;)\s*filename\*\s*=\s*utf-8''([^;\s]+)/i.exec(header)?.[1];
  const plain = /(?:^|;)\s*filename\s*=\s*(?:"([^"]*)"|([^;\s]+))/i.exec(header);
  const candidates = [
    extended === undefined ? undefined : decoded(extended),
    (plain?.[1] ?? plain?.[2])?.trim(),
  ];
  return candidates.find(isPlainName) ?? fallback;
}

/**
 * The file an API answer holds (asked for with `parseAs: "blob"`), named as its
 * `Content-Disposition` says or `fallback`; an `ApiError` for any other answer.
 */
export async function unwrapDownload(
  pending: Promise<{ data?: Blob; error?: unknown; response: Response }>,
  fallback: string,
): Promise<DownloadedFile> {
  let answer;
  try {
    answer = await pending;
  } catch (error) {
    if (error instanceof DOMException && error.name === "AbortError") throw error;
    throw toApiError(error);
  }
  const { data, error, response } = answer;
  if (!response.ok || !data) throw errorFrom(response.status, error);
  return {
    blob: data,
    filename: filenameFrom(response.headers.get("Content-Disposition"), fallback),
  };
}

/** Save a file the page already holds, as the browser saves a download. */
export function saveFile({ blob, filename }: DownloadedFile): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  // Revoked a moment later: some browsers start reading the file only after the click returns.
  setTimeout(() => {
    URL.revokeObjectURL(url);
  }, 1000);
}
