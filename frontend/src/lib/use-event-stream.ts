import { useEffect, useLayoutEffect, useRef, useState } from "react";

import type { ApiError } from "@/lib/api-client";
import { followEventStream, type StreamMessage, type StreamStatus } from "@/lib/event-stream";

export interface EventStreamOptions {
  onMessage: (message: StreamMessage) => void;
  /** After every (re)connect: refetch what may have been missed meanwhile. */
  onOpen?: () => void;
  /** False: not connected (status "closed"). Default true. */
  enabled?: boolean;
}

export interface EventStreamState {
  status: StreamStatus;
  /** While reconnecting: how long the wait before the next attempt is. */
  retryInMs?: number;
  /** Why the stream stopped for good (401, 403), or why the last attempt failed. */
  error?: ApiError;
}

/**
 * Follow an event stream while the component is mounted (and `enabled`). The callbacks may
 * change on every render without reconnecting.
 */
export function useEventStream(
  path: "/analytics/stream",
  { onMessage, onOpen, enabled = true }: EventStreamOptions,
): EventStreamState {
  const [state, setState] = useState<EventStreamState>({ status: "connecting" });
  const callbacks = useRef({ onMessage, onOpen });
  useLayoutEffect(() => {
    callbacks.current = { onMessage, onOpen };
  });

  useEffect(() => {
    if (!enabled) return;
    const controller = new AbortController();
    void followEventStream(path, {
      signal: controller.signal,
      onMessage: (message) => {
        callbacks.current.onMessage(message);
      },
      onOpen: () => callbacks.current.onOpen?.(),
      onStatus: (status, detail) => {
        // A stream that was stopped here says nothing more: a newer one may be running.
        if (!controller.signal.aborted) setState({ status, ...detail });
      },
    });
    return () => {
      controller.abort();
    };
  }, [path, enabled]);

  return enabled ? state : { status: "closed" };
}
