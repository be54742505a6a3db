import { useCallback, useEffect, useMemo, useRef, useState } from "react";

import { useEventStream } from "@/lib/use-event-stream";

/** Updates arriving within this window are one refresh. */
export const COALESCE_MS = 400;

/** Whether a stream message is about an order (placed or changing status). */
export function isOrderUpdate(data: string): boolean {
  try {
    const update = JSON.parse(data) as { type?: unknown };
    return typeof update.type === "string" && update.type.startsWith("order_");
  } catch {
    return false;
  }
}

/**
 * Follows `/analytics/stream`: `version` goes up shortly after an order is placed or changes
 * status, and after a reconnection (whatever happened meanwhile was missed).
 */
export function useLiveUpdates() {
  const [version, setVersion] = useState(0);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const connectedBefore = useRef(false);

  const refreshSoon = useCallback(() => {
    if (timer.current !== undefined) return;
    timer.current = setTimeout(() => {
      timer.current = undefined;
      setVersion((current) => current + 1);
    }, COALESCE_MS);
  }, []);

  useEffect(
    () => () => {
      clearTimeout(timer.current);
    },
    [],
  );

  const { status, retryInMs } = useEventStream("/analytics/stream", {
    onMessage: (message) => {
      if (message.event === "update" && isOrderUpdate(message.data)) refreshSoon();
    },
    onOpen: () => {
      if (connectedBefore.current) refreshSoon();
      connectedBefore.current = true;
    },
  });
  return useMemo(() => ({ status, retryInMs, version }), [status, retryInMs, version]);
}

export type LiveUpdates = ReturnType<typeof useLiveUpdates>;
