import type { StreamStatus } from "@/lib/event-stream";

function describe(status: StreamStatus, retryInMs: number | undefined): string {
  switch (status) {
    case "live":
      return "Live";
    case "connecting":
      return "Connecting…";
    case "reconnecting":
      return retryInMs === undefined
        ? "Reconnecting…"
        : `Reconnecting in ${Math.max(1, Math.ceil(retryInMs / 1000))} s…`;
    case "closed":
      return "Live updates stopped";
  }
}

/** Whether today's figures follow new orders as they come. */
export function LiveIndicator({ status, retryInMs }: { status: StreamStatus; retryInMs?: number }) {
  return (
    <p role="status" className={`live-indicator live-${status}`}>
      <span className="live-dot" aria-hidden="true" />
      {describe(status, retryInMs)}
    </p>
  );
}
