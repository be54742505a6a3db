import "@testing-library/jest-dom/vitest";

import { cleanup } from "@testing-library/react";
import { setupServer } from "msw/node";

import { setAccessToken } from "@/lib/api-client";
import { clearQueryCache } from "@/lib/use-query";

import { handlers, resetBackend } from "@/testing/shop-backend";

export const server = setupServer(...handlers);

beforeAll(() => {
  // A request no handler answers fails the test: nothing reaches a real network.
  server.listen({ onUnhandledRequest: "error" });
});

// React's warnings and our own error reports are failures, as in the browser's console.
let consoleErrors: unknown[][] = [];

beforeEach(() => {
  resetBackend();
  consoleErrors = [];
  vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => {
    consoleErrors.push(args);
  });
  // jsdom has no scrolling; React Router's scroll restoration calls it.
  window.scrollTo = () => undefined;
});

afterEach(() => {
  cleanup();
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
