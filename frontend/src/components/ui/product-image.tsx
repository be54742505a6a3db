/** A product picture in a square box that never shifts the layout, or a placeholder. */
export function ProductImage({
  src,
  alt,
  size,
  eager = false,
}: {
  src: string | null;
  alt: string;
  size: number;
  eager?: boolean;
}) {
  if (!src) {
    return (
      <div
        className="product-image product-image-missing"
        {...(alt ? { role: "img", "aria-label": alt } : { "aria-hidden": true })}
      >
        <svg viewBox="0 0 24 24" aria-hidden="true" focusable="false">
          <path d="M4 5h16v14H4zM4 15l4-4 4 4 3-3 5 5" fill="none" stroke="currentColor" />
          <circle cx="15.5" cy="8.5" r="1.5" fill="currentColor" />
        </svg>
      </div>
    );
  }
  return (
    <img
      className="product-image"
      src={src}
      alt={alt}
      width={size}
      height={size}
      loading={eager ? "eager" : "lazy"}
      decoding="async"
      // React 18 knows no `fetchPriority` prop; the lowercase attribute reaches the DOM as is.
      {...(eager ? { fetchpriority: "high" } : {})}
    />
  );
}
