import { type ReactNode, useId } from "react";

import { ErrorState, Loading } from "@/components/ui/status";
import type { ApiError } from "@/lib/api-client";

/** One card of the board, with its own loading and error states. */
export function OverviewCard({
  title,
  isLoading,
  error,
  onRetry,
  footer,
  children,
}: {
  title: string;
  isLoading: boolean;
  error: ApiError | undefined;
  onRetry: () => void;
  /** Where to go for the whole picture. */
  footer?: ReactNode;
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
    <section className="card overview-card" aria-labelledby={headingId}>
      <h2 id={headingId}>{title}</h2>
      <div className="overview-card-body">{body}</div>
      {footer && !error && <div className="overview-card-footer">{footer}</div>}
    </section>
  );
}
