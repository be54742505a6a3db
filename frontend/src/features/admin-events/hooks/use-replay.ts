import { useCallback } from "react";

import { formatDateTime, plural } from "@/lib/format";
import { useShop } from "@/lib/shop";
import { useToast } from "@/lib/toast";

import {
  type ReplayRequest,
  type ReplayResult,
  replayEvents,
} from "@/features/admin-events/api/outbox";

/** What a replay did, in words, its times on the shop's clock. */
export function replayedMessage(result: ReplayResult, timeZone: string): string {
  if (result.replayed > 0)
    return `${plural(result.replayed, "event", "events")} queued for delivery`;
  const since = formatDateTime(result.replayable_from, timeZone);
  return (
    `No events were replayed: only events already sent and created since ${since} can be ` +
    "replayed (older ones are no longer kept)."
  );
}

/** Replay, then say what it did and let the page fetch the log and relay state again. */
export function useReplay(onReplayed: () => void) {
  const { notify } = useToast();
  const timeZone = useShop()?.timezone ?? "UTC";
  return useCallback(
    async (request: ReplayRequest): Promise<number> => {
      const result = await replayEvents(request);
      notify(replayedMessage(result, timeZone));
      onReplayed();
      return result.replayed;
    },
    [notify, timeZone, onReplayed],
  );
}
