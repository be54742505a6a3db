import "@testing-library/jest-dom/vitest";
// jsdom has no canvas: Chart.js draws on this stand-in.
import "vitest-canvas-mock";

import { cleanup, configure, waitFor } from "@testing-library/react";
import { setupServer } from "msw/node";

import { setAccessToken } from "@/lib/api-client";
import { clearQueryCache } from "@/lib/use-query";

import { adminHandlers, resetAdminBackend } from "@/testing/admin";
import { backend, handlers, resetBackend } from "@/testing/shop-backend";

// The admin areas first: they answer the admin variants of shop endpoints (deleted products,
// admin filters) and let every other request through to the shop's handlers.
export const server = setupServer(...adminHandlers, ...handlers);

// Nor a ResizeObserver, which Chart.js uses to follow its box: one that never reports.
if (!("ResizeObserver" in globalThis)) {
  globalThis.ResizeObserver = class {
    observe(): void {}
    unobserve(): void {}
    disconnect(): void {}
  };
}

// The machine running the tests may be busy: wait up to 3 s for what a test expects to appear.
configure({ asyncUtilTimeout: 3000 });

// What the app sent, for tests to read back (`backend.requests`, `requestsTo`), and which of
// those requests are still on their way.
const pending = new Set<string>();
server.events.on("request:start", ({ request, requestId }) => {
  pending.add(requestId);
  request.signal.addEventListener("abort", () => pending.delete(requestId));
  const url = new URL(request.url);
  backend.requests.push({
    method: request.method,
    path: url.pathname,
    search: url.search,
    authorization: request.headers.get("Authorization"),
    idempotencyKey: request.headers.get("Idempotency-Key"),
  });
});
server.events.on("request:end", ({ requestId }) => {
  pending.delete(requestId);
});

beforeAll(() => {
  // A request no handler answers fails the test: nothing reaches a real network.
  server.listen({ onUnhandledRequest: "error" });
});

// React's warnings and our own error reports are failures, as in the browser's console.
let consoleErrors: unknown[][] = [];

beforeEach(() => {
  resetBackend();
  resetAdminBackend();
  consoleErrors = [];
  vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => {
    consoleErrors.push(args);
  });
  // jsdom has no scrolling; React Router's scroll restoration calls it.
  window.scrollTo = () => undefined;
  // Nor modal dialogs: open and close them as a browser would, without the focus trap.
  HTMLDialogElement.prototype.showModal = function (this: HTMLDialogElement) {
    this.open = true;
  };
  HTMLDialogElement.prototype.close = function (this: HTMLDialogElement) {
    this.open = false;
    this.dispatchEvent(new Event("close"));
  };
});

afterEach(async () => {
  cleanup();
  // A request still on its way is let finish, so its answer cannot reach the next test (an
  // access token from a late refresh, say).
  await waitFor(() => {
    expect([...pending], "requests still pending after the test").toEqual([]);
  });
  expect(consoleErrors, "console.error was called").toEqual([]);
  server.resetHandlers();
  localStorage.clear();
  sessionStorage.clear();
  clearQueryCache();
  setAccessToken(null);
});

afterAll(() => {
  server.close();
});
