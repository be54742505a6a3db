/** The fake API's admin product-editing endpoints (see shop-backend.ts for the shop's). */
import type { RequestHandler } from "msw";

/** Called before every test: back to an empty state. */
export function reset(): void {
  // Nothing kept yet.
}

export const handlers: RequestHandler[] = [];
