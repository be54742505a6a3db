import type { ReactNode } from "react";

import { ErrorState, Loading } from "@/components/ui/status";
import type { Query } from "@/lib/use-query";

/** A query's loading and error states; its data, once there, rendered by `children`. */
export function QueryState<T>({
  query,
  what,
  children,
}: {
  query: Query<T>;
  /** What is loading, for the error's title ("Could not load the orders report"). */
  what: string;
  children: (data: T) => ReactNode;
}) {
  if (query.error) {
    return (
      <ErrorState error={query.error} title={`Could not load ${what}`} onRetry={query.reload} />
    );
  }
  if (query.data === undefined) return <Loading label={`Loading ${what}…`} />;
  return <>{children(query.data)}</>;
}
