/**
 * Server-Sent Events read with `fetch` through the one API client, so the access token and the
 * refresh-on-401 apply (a browser `EventSource` cannot send an Authorization header, and a
 * token never goes in a URL). Reconnects with exponential backoff and jitter; stops for good
 * when the session cannot see the stream (401 after the refresh failed, 403).
 */
import { api, type ApiError, errorFrom, toApiError } from "@/lib/api-client";

export type StreamStatus = "connecting" | "live" | "reconnecting" | "closed";

export interface StreamMessage {
  /** The `event:` field; "message" when there is none. */
  event: string;
  /** The `data:` lines, joined with "\n". */
  data: string;
  /** The last `id:` the stream gave, if any. */
  id?: string;
}

export interface StreamOptions {
  /** Each message as it arrives. An error thrown here fails the connection (it reconnects). */
  onMessage: (message: StreamMessage) => void;
  onStatus?: (status: StreamStatus, detail?: { retryInMs?: number; error?: ApiError }) => void;
  /** After every (re)connect: the caller refetches what it may have missed. */
  onOpen?: () => void;
  /** Abort = stop for good (status "closed"). */
  signal: AbortSignal;
  /**
   * Waits between attempts: `initialMs` (1 s) doubling up to `maxMs` (30 s), each one a random
   * point in its upper half. A connection that delivered a message or stayed up `resetAfterMs`
   * (30 s) starts again from `initialMs`.
   */
  backoff?: { initialMs?: number; maxMs?: number; random?: () => number; resetAfterMs?: number };
  /** Reconnect when no byte arrived for this long (45 s; the API sends a heartbeat every 15 s). */
  idleTimeoutMs?: number;
}

/** The SSE parser (the WHATWG rules): feed it text as it arrives, in chunks split anywhere. */
export function parseEventStream(): { push(chunk: string): StreamMessage[] } {
  let buffer = "";
  let first = true;
  let afterCR = false;
  let event = "";
  let data: string[] = [];
  let id: string | undefined;

  function field(line: string, messages: StreamMessage[]): void {
    if (line === "") {
      if (data.length > 0) {
        messages.push({ event: event || "message", data: data.join("\n"), ...(id ? { id } : {}) });
      }
      event = "";
      data = [];
      return;
    }
    if (line.startsWith(":")) return;
    const colon = line.indexOf(":");
    const name = colon === -1 ? line : line.slice(0, colon);
    const value = colon === -1 ? "" : line.slice(colon + 1).replace(/^ /, "");
    if (name === "event") event = value;
    else if (name === "data") data.push(value);
    else if (name === "id" && !value.includes("\0")) id = value;
  }

  return {
    push(chunk) {
      let text = chunk;
      if (first && text !== "") {
        first = false;
        if (text.startsWith("\uFEFF")) text = text.slice(1);
      }
      // A CRLF split between two chunks is one line end, not two.
      if (afterCR && text.startsWith("\n")) text = text.slice(1);
      if (chunk !== "") afterCR = text.endsWith("\r");
      buffer += text;
      const lines = buffer.split(/\r\n|\r|\n/);
      buffer = lines.pop() ?? "";
      const messages: StreamMessage[] = [];
      for (const line of lines) field(line, messages);
      return messages;
    },
  };
}

const DEFAULTS = { initialMs: 1000, maxMs: 30_000, resetAfterMs: 30_000, idleTimeoutMs: 45_000 };

/** Resolves after `ms`, or at once when `signal` aborts. */
function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done);
  });
}

type Outcome = { fatal: ApiError } | { error?: ApiError; delivered: boolean };

/** One connection, from the request to the end of its body. */
async function connect(
  path: "/analytics/stream",
  options: StreamOptions,
  idleTimeoutMs: number,
): Promise<Outcome> {
  const attempt = new AbortController();
  const stop = () => {
    attempt.abort();
  };
  options.signal.addEventListener("abort", stop);
  let idle: ReturnType<typeof setTimeout> | undefined;
  const awake = () => {
    clearTimeout(idle);
    idle = setTimeout(stop, idleTimeoutMs);
  };
  let delivered = false;
  try {
    awake();
    const { error, response } = await api.GET(path, { parseAs: "stream", signal: attempt.signal });
    if (!response.ok || !response.body) {
      const failure = errorFrom(response.status, error);
      return [401, 403].includes(response.status)
        ? { fatal: failure }
        : { error: failure, delivered };
    }
    options.onStatus?.("live");
    options.onOpen?.();
    const reader = response.body.getReader();
    // Cancelling wakes a pending read even where aborting the fetch would not end the body.
    attempt.signal.addEventListener("abort", () => void reader.cancel().catch(() => undefined));
    const decoder = new TextDecoder();
    const parser = parseEventStream();
    for (;;) {
      const { done, value } = await reader.read();
      if (done || attempt.signal.aborted) return { delivered };
      awake();
      for (const message of parser.push(decoder.decode(value, { stream: true }))) {
        delivered = true;
        options.onMessage(message);
      }
    }
  } catch (error) {
    if (attempt.signal.aborted) return { delivered };
    return { error: toApiError(error), delivered };
  } finally {
    clearTimeout(idle);
    options.signal.removeEventListener("abort", stop);
  }
}

/**
 * Follow the event stream at `path` until `options.signal` aborts: messages go to `onMessage`,
 * the connection's state to `onStatus`. Resolves once it has stopped for good (status
 * "closed"): aborted, or refused with a 401 the refresh could not fix or a 403.
 */
export async function followEventStream(
  path: "/analytics/stream",
  options: StreamOptions,
): Promise<void> {
  const { signal, onStatus } = options;
  const initialMs = options.backoff?.initialMs ?? DEFAULTS.initialMs;
  const maxMs = options.backoff?.maxMs ?? DEFAULTS.maxMs;
  const resetAfterMs = options.backoff?.resetAfterMs ?? DEFAULTS.resetAfterMs;
  const random = options.backoff?.random ?? Math.random;
  const idleTimeoutMs = options.idleTimeoutMs ?? DEFAULTS.idleTimeoutMs;

  // A function, not the property: the signal aborts while this one waits.
  const stopped = () => signal.aborted;
  let failures = 0;
  onStatus?.("connecting");
  while (!stopped()) {
    const started = Date.now();
    const outcome = await connect(path, options, idleTimeoutMs);
    if (stopped()) break;
    if ("fatal" in outcome) {
      onStatus?.("closed", { error: outcome.fatal });
      return;
    }
    if (outcome.delivered || Date.now() - started >= resetAfterMs) failures = 0;
    const ceiling = Math.min(maxMs, initialMs * 2 ** failures);
    const retryInMs = Math.round(ceiling / 2 + (random() * ceiling) / 2);
    failures += 1;
    onStatus?.("reconnecting", { retryInMs, ...(outcome.error ? { error: outcome.error } : {}) });
    await pause(retryInMs, signal);
  }
  onStatus?.("closed");
}
