import { useCallback, useEffect, useLayoutEffect, useRef, useState } from "react";

import { type ApiError, toApiError } from "@/lib/api-client";

// The last answers, so going back to a page shows it at once while it is fetched again.
const MAX_CACHED = 100;
const cache = new Map<string, unknown>();

function remember(key: string, data: unknown): void {
  cache.delete(key);
  cache.set(key, data);
  if (cache.size > MAX_CACHED) cache.delete(cache.keys().next().value as string);
}

/** Forget cached answers whose key starts with `prefix` (after a change). */
export function invalidate(prefix: string): void {
  for (const key of [...cache.keys()]) if (key.startsWith(prefix)) cache.delete(key);
}

export function clearQueryCache(): void {
  cache.clear();
}

export interface Query<T> {
  data: T | undefined;
  error: ApiError | undefined;
  /** Nothing to show yet (no answer, not even a cached one). */
  isLoading: boolean;
  /** `data` is the answer for the previous key, shown while this key's is on its way. */
  isStale: boolean;
  reload: () => void;
}

interface Answer<T> {
  key: string | null;
  data?: T;
  error?: ApiError;
}

/**
 * Server data for a view: fetched when `key` changes (null: nothing to fetch), earlier
 * requests aborted, errors as `ApiError`s. With `keepPrevious`, the last answer stays shown
 * (`isStale`) until the new key's arrives: a table re-sorted or paged does not blink.
 */
export function useQuery<T>(
  key: string | null,
  fetcher: (signal: AbortSignal) => Promise<T>,
  { keepPrevious = false }: { keepPrevious?: boolean } = {},
): Query<T> {
  const [answer, setAnswer] = useState<Answer<T>>({ key: null });
  const [attempt, setAttempt] = useState(0);
  const fetcherRef = useRef(fetcher);
  useLayoutEffect(() => {
    fetcherRef.current = fetcher;
  });

  useEffect(() => {
    if (key === null) return;
    const controller = new AbortController();
    fetcherRef.current(controller.signal).then(
      (data) => {
        remember(key, data);
        setAnswer({ key, data });
      },
      (error: unknown) => {
        if (!controller.signal.aborted) setAnswer({ key, error: toApiError(error) });
      },
    );
    return () => {
      controller.abort();
    };
  }, [key, attempt]);

  const reload = useCallback(() => {
    setAnswer((current) => ({ key: current.key, data: current.data }));
    setAttempt((n) => n + 1);
  }, []);

  const cached = key === null ? undefined : (cache.get(key) as T | undefined);
  const isStale =
    keepPrevious && answer.key !== key && cached === undefined && answer.data !== undefined;
  const current: Answer<T> =
    answer.key === key ? answer : { key, data: isStale ? answer.data : cached };
  return {
    data: current.data,
    error: current.error,
    isLoading: key !== null && current.data === undefined && current.error === undefined,
    isStale,
    reload,
  };
}

/** Fetch again (keeping what is shown) whenever `version` moves on, e.g. on live updates. */
export function useReloadOn(version: number, reload: () => void): void {
  const seen = useRef(version);
  useEffect(() => {
    if (seen.current === version) return;
    seen.current = version;
    reload();
  }, [version, reload]);
}
