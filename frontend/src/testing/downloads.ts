/**
 * Downloads as a test sees them. jsdom has no object URLs and would navigate to a clicked
 * link: `captureDownloads()` (in a `beforeEach`) stands in for both and puts back what was
 * there after the test.
 */
export interface CapturedDownloads {
  /** The files handed to `URL.createObjectURL`. */
  created: Blob[];
  revoked: string[];
  /** The download links clicked. */
  downloads: { href: string; download: string }[];
}

export function captureDownloads(): CapturedDownloads {
  const captured: CapturedDownloads = { created: [], revoked: [], downloads: [] };
  const originals = {
    createObjectURL: Object.getOwnPropertyDescriptor(URL, "createObjectURL"),
    revokeObjectURL: Object.getOwnPropertyDescriptor(URL, "revokeObjectURL"),
  };
  URL.createObjectURL = (blob: Blob) => {
    captured.created.push(blob);
    return `blob:http://localhost:3000/export-${captured.created.length}`;
  };
  URL.revokeObjectURL = (url: string) => {
    captured.revoked.push(url);
  };
  vi.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(function (
    this: HTMLAnchorElement,
  ) {
    captured.downloads.push({ href: this.href, download: this.download });
  });
  onTestFinished(() => {
    for (const [name, descriptor] of Object.entries(originals)) {
      if (descriptor) Object.defineProperty(URL, name, descriptor);
      else Reflect.deleteProperty(URL, name);
    }
  });
  return captured;
}
