/**
 * The one HTTP client, typed by the API's own OpenAPI schema (`npm run gen:api`).
 *
 * It attaches the in-memory access token, refreshes it once through the httpOnly cookie when
 * the API answers 401 and retries, and turns error bodies into `ApiError`s with the API's
 * machine-readable `code`.
 */
import createClient from "openapi-fetch";

import type { components, paths } from "@/lib/api/schema";
import { formatWait } from "@/lib/format";

export type Schemas = components["schemas"];
export type ErrorBody = Schemas["ErrorResponse"];
export type ErrorCode = ErrorBody["code"] | "network_error" | "unexpected";

export class ApiError extends Error {
  readonly status: number;
  readonly code: ErrorCode;
  readonly body: ErrorBody | undefined;

  constructor(status: number, code: ErrorCode, message: string, body?: ErrorBody) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
    this.body = body;
  }

  /** The products an `out_of_stock` or `products_unavailable` error names. */
  get productIds(): number[] {
    return this.body?.product_ids ?? [];
  }

  /** Validation messages by field name (the last part of each error's `loc`). */
  get fieldErrors(): Record<string, string> {
    const fields: Record<string, string> = {};
    for (const error of this.body?.errors ?? []) {
      const field = error.loc.at(-1);
      if (field !== undefined) fields[String(field)] ??= error.msg;
    }
    return fields;
  }
}

const NETWORK_ERROR = "Could not reach the shop. Check your connection and try again.";

function isErrorBody(body: unknown): body is ErrorBody {
  return (
    typeof body === "object" &&
    body !== null &&
    typeof (body as ErrorBody).detail === "string" &&
    typeof (body as ErrorBody).code === "string"
  );
}

/** The API's sentence, except for a wait, which people read better as "2 minutes" than "120 s". */
function messageOf(body: ErrorBody): string {
  const wait = body.retry_after;
  if (body.code !== "rate_limited" || typeof wait !== "number" || wait < 0) return body.detail;
  return `Too many attempts. Please wait ${formatWait(wait)} and try again.`;
}

export function errorFrom(status: number, body: unknown): ApiError {
  if (isErrorBody(body)) return new ApiError(status, body.code, messageOf(body), body);
  return new ApiError(status, "unexpected", `The shop answered with an error (HTTP ${status}).`);
}

/** Any failure as an ApiError: network failures and surprises included. */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof TypeError) return new ApiError(0, "network_error", NETWORK_ERROR);
  return new ApiError(0, "unexpected", "Something went wrong. Please try again.");
}

// The access token lives in memory only; the refresh token in an httpOnly cookie on /auth.
let accessToken: string | null = null;
const sessionEndedListeners = new Set<() => void>();
let refreshing: Promise<RefreshOutcome> | null = null;

/**
 * What a refresh came to: a new access token, the shop saying the session is over (401, 403),
 * or no usable answer (offline, the page unloading mid-request, a server error), which ends
 * nothing.
 */
export type RefreshOutcome = "refreshed" | "ended" | "unanswered";

export function setAccessToken(token: string | null): void {
  accessToken = token;
}

export function hasAccessToken(): boolean {
  return accessToken !== null;
}

/** Called when a refresh fails: the session is over and the user is logged out. */
export function onSessionEnded(listener: () => void): () => void {
  sessionEndedListeners.add(listener);
  return () => sessionEndedListeners.delete(listener);
}

function origin(): string {
  return globalThis.location.origin;
}

/** A new access token through the refresh cookie; concurrent callers share one request. */
export function refreshSession(): Promise<RefreshOutcome> {
  refreshing ??= (async (): Promise<RefreshOutcome> => {
    try {
      const { data, response } = await api.POST("/auth/refresh");
      if (response.ok && data) {
        accessToken = data.access_token;
        return "refreshed";
      }
      if (response.status !== 401 && response.status !== 403) return "unanswered";
      accessToken = null;
      return "ended";
    } catch {
      // The token stays as it was: the next request is refused again and refreshes again.
      return "unanswered";
    } finally {
      refreshing = null;
    }
  })();
  return refreshing;
}

/** After a 401: the new token, or null (and the session's listeners told if it ended). */
async function tokenAfterRefusal(): Promise<string | null> {
  const outcome = await refreshSession();
  if (outcome === "ended") {
    for (const listener of sessionEndedListeners) listener();
  }
  return outcome === "refreshed" ? accessToken : null;
}

// These read their own credentials (the form, the refresh cookie): a Bearer access token would
// be mistaken for a refresh token there. Every other path, /auth/sessions included, gets it.
const WITHOUT_ACCESS_TOKEN = new Set([
  "/auth/login",
  "/auth/register",
  "/auth/refresh",
  "/auth/logout",
]);

async function authorizedFetch(request: Request): Promise<Response> {
  const isAuthPath = WITHOUT_ACCESS_TOKEN.has(new URL(request.url).pathname);
  const sentToken = isAuthPath ? null : accessToken;
  if (sentToken) request.headers.set("Authorization", `Bearer ${sentToken}`);
  const retry = sentToken ? request.clone() : null;
  const response = await globalThis.fetch(request);
  if (response.status !== 401 || !retry) return response;

  const token = await tokenAfterRefusal();
  if (!token) {
    return response;
  }
  retry.headers.set("Authorization", `Bearer ${token}`);
  return globalThis.fetch(retry);
}

export const api = createClient<paths>({
  baseUrl: origin(),
  // Looked up on every call (not captured once), so tests can answer it.
  fetch: (request) => authorizedFetch(request),
});

interface Result<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

async function settle<T>(pending: Promise<Result<T>>): Promise<Result<T>> {
  try {
    return await pending;
  } catch (error) {
    if (error instanceof DOMException && error.name === "AbortError") throw error;
    throw toApiError(error);
  }
}

/** The body of a successful answer; an `ApiError` for any other. */
export async function unwrap<T>(pending: Promise<Result<T>>): Promise<T> {
  const { data, error, response } = await settle(pending);
  if (!response.ok) throw errorFrom(response.status, error);
  return data as T;
}

/** For answers without a body (204). */
export async function unwrapEmpty(pending: Promise<Result<unknown>>): Promise<void> {
  const { error, response } = await settle(pending);
  if (!response.ok) throw errorFrom(response.status, error);
}

export interface Page<T> {
  items: T[];
  total: number;
}

/** A list page with its total from `X-Total-Count`. */
export async function unwrapPage<T>(pending: Promise<Result<T[]>>): Promise<Page<T>> {
  const { data, error, response } = await settle(pending);
  if (!response.ok) throw errorFrom(response.status, error);
  const items = data ?? [];
  const total = Number(response.headers.get("X-Total-Count") ?? items.length);
  return { items, total: Number.isFinite(total) ? total : items.length };
}

/** How much of an upload has been sent. */
export interface UploadProgress {
  loaded: number;
  total: number;
}

interface XhrAnswer {
  status: number;
  body: unknown;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function sendForm(
  url: string,
  form: FormData,
  token: string | null,
  onProgress: ((progress: UploadProgress) => void) | undefined,
  signal: AbortSignal | undefined,
): Promise<XhrAnswer> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    const aborted = () => {
      xhr.abort();
    };
    const settled = () => signal?.removeEventListener("abort", aborted);
    xhr.open("POST", url);
    if (token) xhr.setRequestHeader("Authorization", `Bearer ${token}`);
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress?.({ loaded: event.loaded, total: event.total });
    };
    xhr.onload = () => {
      settled();
      if (signal?.aborted) reject(new DOMException("The upload was cancelled", "AbortError"));
      else resolve({ status: xhr.status, body: parseJson(xhr.responseText) });
    };
    xhr.onerror = () => {
      settled();
      reject(new TypeError("The upload failed"));
    };
    xhr.onabort = () => {
      settled();
      reject(new DOMException("The upload was cancelled", "AbortError"));
    };
    signal?.addEventListener("abort", aborted);
    xhr.send(form);
  });
}

/**
 * POST a multipart form, reporting upload progress (which `fetch` cannot): the same access
 * token, refresh-and-retry on 401 and `ApiError`s as `api`. Resolves with the answer's body.
 */
export async function uploadForm(
  path: string,
  form: FormData,
  {
    onProgress,
    signal,
  }: { onProgress?: (progress: UploadProgress) => void; signal?: AbortSignal } = {},
): Promise<unknown> {
  const url = new URL(path, origin()).href;
  const send = async (token: string | null) => {
    try {
      return await sendForm(url, form, token, onProgress, signal);
    } catch (error) {
      if (error instanceof DOMException && error.name === "AbortError") throw error;
      throw toApiError(error);
    }
  };
  const sentToken = accessToken;
  let answer = await send(sentToken);
  if (answer.status === 401 && sentToken) {
    const token = await tokenAfterRefusal();
    if (token) answer = await send(token);
  }
  if (answer.status < 200 || answer.status >= 300) throw errorFrom(answer.status, answer.body);
  return answer.body;
}
