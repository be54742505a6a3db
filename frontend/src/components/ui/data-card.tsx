import { type ReactNode, useId } from "react";

import { ErrorState, Loading } from "@/components/ui/status";
import type { ApiError } from "@/lib/api-client";

/** A card of a board (a region named by its heading), with its own loading and error states. */
export function DataCard({
  title,
  isLoading = false,
  error,
  onRetry,
  footer,
  className,
  children,
}: {
  title: string;
  isLoading?: boolean;
  error?: ApiError;
  onRetry?: () => void;
  /** Where to go for the whole picture. */
  footer?: ReactNode;
  className?: string;
  children: ReactNode;
}) {
  const headingId = useId();
  let body: ReactNode = children;
  if (error) {
    body = <ErrorState error={error} title={`${title}: could not load`} onRetry={onRetry} />;
  } else if (isLoading) {
    body = <Loading />;
  }
  return (
    <section
      className={className ? `card data-card ${className}` : "card data-card"}
      aria-labelledby={headingId}
    >
      <h2 id={headingId}>{title}</h2>
      <div className="data-card-body">{body}</div>
      {footer && !error && <div className="data-card-footer">{footer}</div>}
    </section>
  );
}
