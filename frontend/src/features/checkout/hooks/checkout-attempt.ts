/**
 * One `Idempotency-Key` per checkout attempt: the same order (same lines, address and note)
 * keeps its key across double clicks, network retries and page reloads, so it is placed
 * once; a changed order is a new attempt with a new key.
 */
import type { OrderCreate } from "@/features/checkout/api/place-order";

const ATTEMPT_KEY = "webshop.checkout-attempt";

interface Attempt {
  key: string;
  order: string;
}

function newKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
}

function read(): Attempt | null {
  try {
    const stored = JSON.parse(sessionStorage.getItem(ATTEMPT_KEY) ?? "null") as Attempt | null;
    return typeof stored?.key === "string" && typeof stored.order === "string" ? stored : null;
  } catch {
    return null;
  }
}

export function idempotencyKeyFor(order: OrderCreate): string {
  const fingerprint = JSON.stringify(order);
  const current = read();
  if (current?.order === fingerprint) return current.key;
  const attempt = { key: newKey(), order: fingerprint };
  try {
    sessionStorage.setItem(ATTEMPT_KEY, JSON.stringify(attempt));
  } catch {
    // Without storage a reload starts a new attempt; clicks and retries still share the key.
  }
  return attempt.key;
}

/** The order went through: the next checkout is a new attempt. */
export function endAttempt(): void {
  try {
    sessionStorage.removeItem(ATTEMPT_KEY);
  } catch {
    // Nothing stored.
  }
}
