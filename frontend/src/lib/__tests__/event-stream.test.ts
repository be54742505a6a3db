import { act, renderHook, waitFor } from "@testing-library/react";
import { HttpResponse } from "msw";

import { type ApiError, onSessionEnded, setAccessToken } from "@/lib/api-client";
import {
  followEventStream,
  parseEventStream,
  type StreamMessage,
  type StreamOptions,
  type StreamStatus,
} from "@/lib/event-stream";
import { useEventStream } from "@/lib/use-event-stream";

import { aUser } from "@/testing/data";
import { http } from "@/testing/http";
import { server } from "@/testing/setup-tests";
import { backend, caller, error, notAuthenticated, requestsTo } from "@/testing/shop-backend";
import { aGate } from "@/testing/test-utils";

describe("parseEventStream", () => {
  const parse = (...chunks: string[]) => {
    const parser = parseEventStream();
    return chunks.flatMap((chunk) => parser.push(chunk));
  };

  test("a message per blank line, with its event and data", () => {
    expect(parse('event: update\ndata: {"orders":1}\n\ndata: plain\n\n')).toEqual([
      { event: "update", data: '{"orders":1}' },
      { event: "message", data: "plain" },
    ]);
  });

  test("several data lines are joined with a line feed", () => {
    expect(parse("data: one\ndata:two\ndata\ndata:  three \n\n")).toEqual([
      { event: "message", data: "one\ntwo\n\n three " },
    ]);
  });

  test("comments and unknown fields are ignored; so are messages without data", () => {
    expect(
      parse(": connected\n\n: heartbeat\n\nevent: update\n\nretry: 10\nfoo: bar\ndata: x\n\n"),
    ).toEqual([{ event: "message", data: "x" }]);
  });

  test("the last id is kept for the messages after it", () => {
    expect(parse("id: 1\ndata: a\n\ndata: b\n\nid\ndata: c\n\nid: 2\0\ndata: d\n\n")).toEqual([
      { event: "message", data: "a", id: "1" },
      { event: "message", data: "b", id: "1" },
      { event: "message", data: "c" },
      { event: "message", data: "d" },
    ]);
  });

  test("CRLF, CR and LF all end a line", () => {
    expect(parse("event: a\r\ndata: 1\r\n\r\nevent: b\rdata: 2\r\rdata: 3\n\n")).toEqual([
      { event: "a", data: "1" },
      { event: "b", data: "2" },
      { event: "message", data: "3" },
    ]);
  });

  test("chunks may split anywhere, a CRLF included", () => {
    const text = "event: update\r\ndata: héllo\r\n\r\n: hb\r\n\r\ndata: 2\r\n\r\n";
    const whole = parse(text);
    expect(whole).toEqual([
      { event: "update", data: "héllo" },
      { event: "message", data: "2" },
    ]);
    for (let cut = 1; cut < text.length; cut += 1) {
      expect(parse(text.slice(0, cut), text.slice(cut)), `cut at ${cut}`).toEqual(whole);
    }
    expect(parse(...text.split(""))).toEqual(whole);
    expect(parse("data: a\r", "\n", "\n")).toEqual([{ event: "message", data: "a" }]);
    expect(parse("data: a\r", "", "\n", "\r")).toEqual([{ event: "message", data: "a" }]);
  });

  test("a message is only complete at its blank line; a byte-order mark is dropped", () => {
    const parser = parseEventStream();
    expect(parser.push("\uFEFFdata: a\n")).toEqual([]);
    expect(parser.push("data: b")).toEqual([]);
    expect(parser.push("\n")).toEqual([]);
    expect(parser.push("\n")).toEqual([{ event: "message", data: "a\nb" }]);
    expect(parser.push("")).toEqual([]);
    expect(parser.push("data: \uFEFF\n\n")).toEqual([{ event: "message", data: "\uFEFF" }]);
  });
});

// The fake API's stream: the auth check the fake uses everywhere, then the next planned answer
// (a status, a network failure, or a body the test writes to).
const encoder = new TextEncoder();

interface Connection {
  request: Request;
  send: (text: string) => void;
  end: () => void;
}

/** The client let go of the connection (stopped, or gave up on it). */
const abandoned = (connection: Connection | undefined) => connection?.request.signal.aborted;

/** A status, a network failure, a body the test writes to, or an open body once it resolves. */
type Plan = number | "network-error" | ((connection: Connection) => void) | Promise<void>;

function streamServer(...plans: Plan[]) {
  const connections: Connection[] = [];
  server.use(
    http.get("/analytics/stream", async ({ request }) => {
      const user = caller(request);
      if (!user) return notAuthenticated();
      if (user.role !== "admin") {
        return error(403, "admin_required", "Administrator access required");
      }
      const next = plans.shift();
      if (next instanceof Promise) await next;
      const plan = next instanceof Promise ? undefined : next;
      if (plan === "network-error") return HttpResponse.error();
      if (typeof plan === "number") {
        return new HttpResponse("Service unavailable", { status: plan });
      }
      let controller: ReadableStreamDefaultController<Uint8Array> | undefined;
      const connection: Connection = {
        request,
        send: (text) => controller?.enqueue(encoder.encode(text)),
        end: () => controller?.close(),
      };
      const body = new ReadableStream<Uint8Array>({
        start(c) {
          controller = c;
          plan?.(connection);
        },
      });
      connections.push(connection);
      return new HttpResponse(body, {
        headers: { "Content-Type": "text/event-stream", "Cache-Control": "no-cache" },
      });
    }),
  );
  return connections;
}

const ended = (connection: Connection) => {
  connection.send(": connected\n\n");
  connection.end();
};

function signInAs(role: "admin" | "customer", token = `${role}-token`): void {
  backend.users.push({ ...aUser({ id: 1, role, username: "ada" }), password: "x" });
  backend.accessTokens.set(token, 1);
  backend.sessionUserId = 1;
  setAccessToken(token);
}

type Report = [StreamStatus, { retryInMs?: number; error?: ApiError }?];

/** Follow the stream with short waits (4, 8, 16, 16 ms: no jitter) unless told otherwise. */
function follow(options: Partial<StreamOptions> = {}) {
  const controller = new AbortController();
  const messages: StreamMessage[] = [];
  const reports: Report[] = [];
  const opened = { count: 0 };
  const done = followEventStream("/analytics/stream", {
    signal: controller.signal,
    onMessage: (message) => messages.push(message),
    onStatus: (status, detail) => reports.push(detail ? [status, detail] : [status]),
    onOpen: () => {
      opened.count += 1;
    },
    backoff: { initialMs: 4, maxMs: 16, random: () => 1 },
    ...options,
  });
  const statuses = () => reports.map(([status]) => status);
  /** The reports as text: "reconnecting in 4 ms (503 unexpected)". */
  const log = () =>
    reports.map(([status, detail]) =>
      [
        status,
        detail?.retryInMs === undefined ? "" : ` in ${detail.retryInMs} ms`,
        detail?.error ? ` (${detail.error.status} ${detail.error.code})` : "",
      ].join(""),
    );
  const waits = () => reports.flatMap(([, detail]) => detail?.retryInMs ?? []);
  const stop = async () => {
    controller.abort();
    await done;
  };
  return { messages, statuses, log, waits, opened, done, stop };
}

/** Until `condition` holds, letting I/O run but not the (fake) clock. */
async function settled(condition: () => boolean): Promise<void> {
  for (let turn = 0; turn < 1000 && !condition(); turn += 1) {
    await new Promise((resolve) => setImmediate(resolve));
  }
  expect(condition()).toBe(true);
}

describe("followEventStream", () => {
  test("reads the messages of the streamed body, sending the token and none in the URL", async () => {
    signInAs("admin");
    const connections = streamServer();
    const stream = follow();
    await waitFor(() => {
      expect(stream.statuses()).toEqual(["connecting", "live"]);
    });
    const [connection] = connections;
    connection!.send(': connected\n\nevent: update\ndata: {"event_type":"order_paid"}\n\n');
    connection!.send("event: upd");
    connection!.send("ate\ndata: é");
    connection!.send("\n\n");
    await waitFor(() => {
      expect(stream.messages).toEqual([
        { event: "update", data: '{"event_type":"order_paid"}' },
        { event: "update", data: "é" },
      ]);
    });
    expect(stream.opened.count).toBe(1);

    const [sent] = requestsTo("GET", "/analytics/stream");
    expect(sent).toMatchObject({ authorization: "Bearer admin-token", search: "" });
    expect(connection!.request.url).toBe("http://localhost:3000/analytics/stream");

    await stream.stop();
    expect(stream.statuses()).toEqual(["connecting", "live", "closed"]);
    expect(abandoned(connection)).toBe(true);
  });

  test("an expired token is refreshed once and the stream opened with the new one", async () => {
    signInAs("admin");
    setAccessToken("expired-token");
    streamServer();
    const stream = follow();
    await waitFor(() => {
      expect(stream.statuses()).toEqual(["connecting", "live"]);
    });
    expect(requestsTo("GET", "/analytics/stream").map((r) => r.authorization)).toEqual([
      "Bearer expired-token",
      "Bearer token-1-2",
    ]);
    await stream.stop();
  });

  test("reconnects when the server ends the stream, waiting longer each time", async () => {
    signInAs("admin");
    const connections = streamServer(ended, ended, ended, ended);
    const stream = follow();
    await waitFor(() => {
      expect(connections).toHaveLength(5);
    });
    await waitFor(() => {
      expect(stream.opened.count).toBe(5);
    });
    expect(stream.waits()).toEqual([4, 8, 16, 16]);
    expect(stream.statuses()).toEqual([
      "connecting",
      ...Array<StreamStatus[]>(4).fill(["live", "reconnecting"]).flat(),
      "live",
    ]);
    await stream.stop();
  });

  test("retries after a 503 and a network failure, reporting why", async () => {
    signInAs("admin");
    const connections = streamServer(503, "network-error", (c) => {
      c.send("data: back\n\n");
    });
    const stream = follow();
    await waitFor(() => {
      expect(stream.messages).toEqual([{ event: "message", data: "back" }]);
    });
    expect(stream.log()).toEqual([
      "connecting",
      "reconnecting in 4 ms (503 unexpected)",
      "reconnecting in 8 ms (0 network_error)",
      "live",
    ]);
    expect(connections).toHaveLength(1);
    expect(stream.opened.count).toBe(1);
    await stream.stop();
  });

  test("jitter picks each wait in the upper half of the doubling ceiling", async () => {
    signInAs("admin");
    streamServer(503, 503, 503, 503);
    const draws = [0, 0.5, 0.999, 0.25];
    const stream = follow({
      backoff: { initialMs: 8, maxMs: 32, random: () => draws.shift() ?? 0 },
    });
    await waitFor(() => {
      expect(stream.statuses().at(-1)).toBe("live");
    });
    expect(stream.waits()).toEqual([4, 12, 32, 20]);
    await stream.stop();
  });

  test("the backoff starts again after a connection that delivered a message", async () => {
    signInAs("admin");
    const connections = streamServer(
      ended,
      ended,
      (c) => {
        c.send("data: hello\n\n");
        c.end();
      },
      ended,
    );
    const stream = follow();
    await waitFor(() => {
      expect(connections).toHaveLength(5);
    });
    expect(stream.waits()).toEqual([4, 8, 4, 8]);
    await stream.stop();
  });

  test("the backoff starts again after a connection that stayed up", async () => {
    signInAs("admin");
    const connections = streamServer(ended, ended, (c) => {
      c.send(": connected\n\n");
      setTimeout(() => {
        c.end();
      }, 40);
    });
    const stream = follow({
      backoff: { initialMs: 4, maxMs: 16, random: () => 1, resetAfterMs: 30 },
    });
    await waitFor(() => {
      expect(connections).toHaveLength(4);
    });
    expect(stream.waits()).toEqual([4, 8, 4]);
    await stream.stop();
  });

  test("waits 1 s doubling to 30 s by default, reconnecting only when the wait is over", async () => {
    signInAs("admin");
    const connections = streamServer(...Array<Plan>(7).fill(ended));
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    try {
      const stream = follow({ backoff: { random: () => 1 } });
      for (const [n, wait] of [1000, 2000, 4000, 8000, 16000, 30000, 30000].entries()) {
        await settled(() => stream.waits().length === n + 1);
        expect(stream.waits().at(-1)).toBe(wait);
        await vi.advanceTimersByTimeAsync(wait - 1);
        expect(connections).toHaveLength(n + 1);
        await vi.advanceTimersByTimeAsync(1);
        await settled(() => connections.length === n + 2);
      }
      await stream.stop();
    } finally {
      vi.useRealTimers();
    }
  });

  test("a silent connection is given up after the idle timeout, and heartbeats keep it", async () => {
    signInAs("admin");
    const beats: ReturnType<typeof setInterval>[] = [];
    const connections = streamServer(
      (c) => {
        c.send(": connected\n\n");
      },
      (c) => {
        beats.push(
          setInterval(() => {
            c.send(": heartbeat\n\n");
          }, 10),
        );
      },
    );
    const stream = follow({ idleTimeoutMs: 50 });
    try {
      await waitFor(() => {
        expect(connections).toHaveLength(2);
      });
      expect(abandoned(connections[0])).toBe(true);
      expect(stream.log().slice(0, 4)).toEqual([
        "connecting",
        "live",
        "reconnecting in 4 ms",
        "live",
      ]);
      await new Promise((resolve) => setTimeout(resolve, 120));
      expect(connections).toHaveLength(2);
      expect(stream.statuses().at(-1)).toBe("live");
    } finally {
      beats.forEach(clearInterval);
      await stream.stop();
    }
  });

  test("an answer that does not come within the idle timeout is given up too", async () => {
    signInAs("admin");
    let answered = 0;
    server.use(
      http.get("/analytics/stream", async () => {
        answered += 1;
        if (answered === 1) await new Promise((resolve) => setTimeout(resolve, 200));
        return new HttpResponse("data: late\n\n", {
          headers: { "Content-Type": "text/event-stream" },
        });
      }),
    );
    const stream = follow({ idleTimeoutMs: 30 });
    await waitFor(() => {
      expect(stream.messages[0]).toEqual({ event: "message", data: "late" });
    });
    expect(stream.log().slice(0, 3)).toEqual(["connecting", "reconnecting in 4 ms", "live"]);
    await stream.stop();
  });

  test("a 403 stops for good", async () => {
    signInAs("customer");
    streamServer();
    const stream = follow();
    await stream.done;
    expect(stream.log()).toEqual(["connecting", "closed (403 admin_required)"]);
    expect(requestsTo("GET", "/analytics/stream")).toHaveLength(1);
  });

  test("a 401 the refresh cannot fix ends the session and stops for good", async () => {
    setAccessToken("revoked-token");
    streamServer();
    const sessionEnded = vi.fn();
    const unsubscribe = onSessionEnded(sessionEnded);
    try {
      const stream = follow();
      await stream.done;
      expect(stream.log()).toEqual(["connecting", "closed (401 not_authenticated)"]);
      expect(requestsTo("GET", "/analytics/stream")).toHaveLength(1);
      expect(requestsTo("POST", "/auth/refresh")).toHaveLength(1);
      expect(sessionEnded).toHaveBeenCalledOnce();
    } finally {
      unsubscribe();
    }
  });

  test("aborting while waiting to reconnect closes it at once", async () => {
    signInAs("admin");
    const connections = streamServer(503);
    const stream = follow({ backoff: { initialMs: 60_000, random: () => 1 } });
    await waitFor(() => {
      expect(stream.statuses()).toEqual(["connecting", "reconnecting"]);
    });
    await stream.stop();
    expect(stream.statuses()).toEqual(["connecting", "reconnecting", "closed"]);
    expect(connections).toHaveLength(0);
  });

  test("aborting before the answer arrives closes it without retrying", async () => {
    signInAs("admin");
    streamServer();
    const stream = follow();
    await stream.stop();
    expect(stream.statuses()).toEqual(["connecting", "closed"]);
    expect(stream.opened.count).toBe(0);
  });
});

describe("useEventStream", () => {
  test("connects on mount, hands messages to the latest callback, and aborts on unmount", async () => {
    signInAs("admin");
    const connections = streamServer();
    const first = vi.fn();
    const latest = vi.fn();
    const onOpen = vi.fn();
    const { result, rerender, unmount } = renderHook(
      ({ onMessage }) => useEventStream("/analytics/stream", { onMessage, onOpen }),
      { initialProps: { onMessage: first } },
    );
    expect(result.current.status).toBe("connecting");
    await waitFor(() => {
      expect(result.current.status).toBe("live");
    });
    expect(onOpen).toHaveBeenCalledOnce();

    rerender({ onMessage: latest });
    act(() => {
      connections[0]!.send("event: update\ndata: {}\n\n");
    });
    await waitFor(() => {
      expect(latest).toHaveBeenCalledWith({ event: "update", data: "{}" });
    });
    expect(first).not.toHaveBeenCalled();
    expect(connections).toHaveLength(1);

    unmount();
    await waitFor(() => {
      expect(abandoned(connections[0])).toBe(true);
    });
  });

  test("reports the wait before reconnecting, and why it stopped", async () => {
    signInAs("admin");
    streamServer(503);
    const { result } = renderHook(() =>
      useEventStream("/analytics/stream", { onMessage: () => undefined }),
    );
    await waitFor(() => {
      expect(result.current.status).toBe("reconnecting");
    });
    expect(result.current.retryInMs).toBeGreaterThanOrEqual(500);
    expect(result.current.retryInMs).toBeLessThanOrEqual(1000);
    expect(result.current.error?.status).toBe(503);
  });

  test("a refused stream is closed with its error", async () => {
    signInAs("customer");
    streamServer();
    const { result } = renderHook(() =>
      useEventStream("/analytics/stream", { onMessage: () => undefined }),
    );
    await waitFor(() => {
      expect(result.current.status).toBe("closed");
    });
    expect(result.current.error?.code).toBe("admin_required");
  });

  test("not enabled: closed and not connected, until it is enabled", async () => {
    signInAs("admin");
    const connections = streamServer();
    const { result, rerender } = renderHook(
      ({ enabled }) => useEventStream("/analytics/stream", { onMessage: () => undefined, enabled }),
      { initialProps: { enabled: false } },
    );
    expect(result.current).toEqual({ status: "closed" });
    expect(requestsTo("GET", "/analytics/stream")).toHaveLength(0);

    rerender({ enabled: true });
    expect(result.current.status).toBe("connecting");
    await waitFor(() => {
      expect(result.current.status).toBe("live");
    });

    rerender({ enabled: false });
    expect(result.current).toEqual({ status: "closed" });
    await waitFor(() => {
      expect(abandoned(connections[0])).toBe(true);
    });
  });

  test("a stream it stopped does not speak over the one that replaced it", async () => {
    signInAs("admin");
    // The second connection is answered only when the test says so.
    const gate = aGate();
    const connections = streamServer(() => undefined, gate.wait);
    const { result, rerender } = renderHook(
      ({ enabled }) => useEventStream("/analytics/stream", { onMessage: () => undefined, enabled }),
      { initialProps: { enabled: true } },
    );
    await waitFor(() => {
      expect(result.current.status).toBe("live");
    });
    rerender({ enabled: false });
    rerender({ enabled: true });
    await waitFor(() => {
      expect(requestsTo("GET", "/analytics/stream")).toHaveLength(2);
    });
    expect(abandoned(connections[0])).toBe(true);
    // The first stream has closed by now; the second is still on its way.
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(result.current.status).toBe("connecting");
    gate.open();
    await waitFor(() => {
      expect(result.current.status).toBe("live");
    });
  });
});
