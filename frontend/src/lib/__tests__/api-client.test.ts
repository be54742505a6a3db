import { HttpResponse } from "msw";

import {
  api,
  ApiError,
  errorFrom,
  hasAccessToken,
  onSessionEnded,
  setAccessToken,
  toApiError,
  unwrap,
  unwrapEmpty,
  unwrapPage,
} from "@/lib/api-client";

import { aUser } from "@/testing/data";
import { http } from "@/testing/http";
import { server } from "@/testing/setup-tests";
import { backend, error, requestsTo } from "@/testing/shop-backend";

const me = () => unwrap(api.GET("/users/me"));

/** Log user 7 in as the API would: a valid access token and a refresh cookie. */
function loggedIn(token = "valid-token"): void {
  backend.accessTokens.set(token, 7);
  backend.sessionUserId = 7;
  setAccessToken(token);
}

async function failure(pending: Promise<unknown>): Promise<ApiError> {
  const caught: unknown = await pending.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(caught).toBeInstanceOf(ApiError);
  return caught as ApiError;
}

describe("errors", () => {
  test("an error body becomes an ApiError with the API's code and sentence", async () => {
    const caught = await failure(
      unwrap(api.GET("/products/{product_id}", { params: { path: { product_id: 99 } } })),
    );
    expect(caught).toMatchObject({ status: 404, code: "not_found", message: "Product not found" });
    expect(caught.productIds).toEqual([]);
    expect(caught.fieldErrors).toEqual({});
  });

  test("the products an out-of-stock answer names", async () => {
    server.use(
      http.post("/orders/", () =>
        error(409, "out_of_stock", "Not enough stock for product(s): 3, 7", {
          product_ids: [3, 7],
        }),
      ),
    );
    loggedIn();
    const caught = await failure(
      unwrap(
        api.POST("/orders/", {
          body: { items: [{ product_id: 3, quantity: 1 }] },
          params: { header: { "Idempotency-Key": "k" } },
        }),
      ),
    );
    expect(caught.code).toBe("out_of_stock");
    expect(caught.status).toBe(409);
    expect(caught.productIds).toEqual([3, 7]);
  });

  test("validation messages by field, the first message of a field winning", async () => {
    server.use(
      http.post("/auth/register", () =>
        error(422, "validation_error", "Invalid email: not an email (and 2 more invalid fields)", {
          errors: [
            { loc: ["body", "email"], msg: "not an email", type: "value_error" },
            { loc: ["body", "email"], msg: "too long", type: "string_too_long" },
            {
              loc: ["body", "items", 0, "quantity"],
              msg: "must be positive",
              type: "greater_than",
            },
            { loc: [], msg: "nowhere", type: "x" },
          ],
        }),
      ),
    );
    const caught = await failure(
      unwrap(
        api.POST("/auth/register", { body: { email: "x", username: "abc", password: "12345678" } }),
      ),
    );
    expect(caught.code).toBe("validation_error");
    expect(caught.fieldErrors).toEqual({ email: "not an email", quantity: "must be positive" });
  });

  test("a rate limit's wait is said in words", () => {
    const cases: [number, string][] = [
      [1, "1 second"],
      [59, "59 seconds"],
      [90, "90 seconds"],
      [91, "2 minutes"],
      [900, "15 minutes"],
      [3600, "1 hour"],
    ];
    for (const [seconds, words] of cases) {
      const caught = errorFrom(429, {
        detail: `Too many requests; try again in ${seconds} s`,
        code: "rate_limited",
        retry_after: seconds,
      });
      expect(caught.message).toBe(`Too many attempts. Please wait ${words} and try again.`);
      expect(caught.code).toBe("rate_limited");
    }
    // Without a wait, the API's own sentence.
    const unsaid = errorFrom(429, { detail: "Too many requests", code: "rate_limited" });
    expect(unsaid.message).toBe("Too many requests");
  });

  test("an error that is not the API's shape is 'unexpected', with its status", async () => {
    server.use(
      http.get("/shop", ({ response }) =>
        response.untyped(new HttpResponse("<h1>Bad gateway</h1>", { status: 502 })),
      ),
    );
    const caught = await failure(unwrap(api.GET("/shop")));
    expect(caught).toMatchObject({
      status: 502,
      code: "unexpected",
      message: "The shop answered with an error (HTTP 502).",
    });
    expect(caught.body).toBeUndefined();
  });

  test("an empty error body is an error too", async () => {
    server.use(
      http.post("/auth/logout", ({ response }) =>
        response.untyped(new HttpResponse(null, { status: 500 })),
      ),
    );
    const caught = await failure(unwrapEmpty(api.POST("/auth/logout")));
    expect(caught).toMatchObject({ status: 500, code: "unexpected" });
  });

  test("a network failure is 'network_error'", async () => {
    server.use(http.get("/shop", ({ response }) => response.untyped(HttpResponse.error())));
    const caught = await failure(unwrap(api.GET("/shop")));
    expect(caught).toMatchObject({
      status: 0,
      code: "network_error",
      message: "Could not reach the shop. Check your connection and try again.",
    });
  });

  test("anything else is 'unexpected'", () => {
    expect(toApiError(new Error("boom"))).toMatchObject({ status: 0, code: "unexpected" });
    expect(toApiError("boom").message).toBe("Something went wrong. Please try again.");
    const known = new ApiError(409, "conflict", "Conflict");
    expect(toApiError(known)).toBe(known);
    expect(errorFrom(400, { detail: 1, code: "x" }).code).toBe("unexpected");
    expect(errorFrom(400, null).code).toBe("unexpected");
  });
});

describe("pages", () => {
  test("a page carries its total from X-Total-Count", async () => {
    const page = await unwrapPage(api.GET("/products/", { params: { query: { limit: 1 } } }));
    expect(page.items.map((product) => product.id)).toEqual([1]);
    expect(page.total).toBe(2);
  });

  test("without a usable total, the page counts its own items", async () => {
    server.use(
      http.get("/products/", ({ response }) => response(200).json([])),
      http.get("/products/{product_id}/reviews", ({ response }) =>
        response(200).json([], { headers: { "X-Total-Count": "many" } }),
      ),
    );
    expect(await unwrapPage(api.GET("/products/"))).toEqual({ items: [], total: 0 });
    const reviews = await unwrapPage(
      api.GET("/products/{product_id}/reviews", { params: { path: { product_id: 1 } } }),
    );
    expect(reviews.total).toBe(0);
  });

  test("a failed page is an ApiError", async () => {
    const caught = await failure(unwrapPage(api.GET("/orders/detailed")));
    expect(caught.code).toBe("not_authenticated");
  });
});

describe("tokens", () => {
  test("the access token goes with every request", async () => {
    loggedIn("token-a");
    expect(await me()).toEqual(aUser());
    expect(hasAccessToken()).toBe(true);
    expect(requestsTo("GET", "/users/me")[0]?.authorization).toBe("Bearer token-a");
  });

  test("without a token nothing is attached and a 401 is just an error", async () => {
    const caught = await failure(me());
    expect(caught.status).toBe(401);
    expect(requestsTo("GET", "/users/me")[0]?.authorization).toBeNull();
    expect(requestsTo("POST", "/auth/refresh")).toHaveLength(0);
  });

  test("login, registration, refresh and logout never get the Bearer token", async () => {
    loggedIn("token-a");
    await unwrap(
      api.POST("/auth/register", {
        body: { email: "ada@example.com", username: "ada_l", password: "analytical-engine" },
      }),
    );
    await unwrap(
      api.POST("/auth/login", {
        body: { username: "carla", password: "correct-horse" },
        bodySerializer: (body) => new URLSearchParams(body as Record<string, string>),
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
      }),
    );
    await unwrap(api.POST("/auth/refresh"));
    await unwrapEmpty(api.POST("/auth/logout"));
    expect(backend.requests.map((r) => [r.path, r.authorization])).toEqual([
      ["/auth/register", null],
      ["/auth/login", null],
      ["/auth/refresh", null],
      ["/auth/logout", null],
    ]);
  });

  test("the sessions endpoints under /auth/ do get the Bearer token", async () => {
    loggedIn("token-a");
    await unwrap(api.GET("/auth/sessions"));
    await failure(
      unwrapEmpty(
        api.DELETE("/auth/sessions/{session_id}", {
          params: { path: { session_id: "00000000-0000-4000-8000-000000000000" } },
        }),
      ),
    );
    await unwrapEmpty(api.DELETE("/auth/sessions"));
    expect(backend.requests.map((r) => [r.method, r.path, r.authorization])).toEqual([
      ["GET", "/auth/sessions", "Bearer token-a"],
      ["DELETE", "/auth/sessions/00000000-0000-4000-8000-000000000000", "Bearer token-a"],
      ["DELETE", "/auth/sessions", "Bearer token-a"],
    ]);
  });

  test("a 401 from /auth/sessions refreshes and retries like any other", async () => {
    backend.sessionUserId = 7;
    setAccessToken("expired-token");
    expect(await unwrap(api.GET("/auth/sessions"))).toHaveLength(1);
    expect(backend.requests.map((r) => [r.method, r.path, r.authorization])).toEqual([
      ["GET", "/auth/sessions", "Bearer expired-token"],
      ["POST", "/auth/refresh", null],
      ["GET", "/auth/sessions", "Bearer token-7-1"],
    ]);
  });

  test("a 401 refreshes once, then retries with the new token", async () => {
    backend.sessionUserId = 7; // the refresh cookie
    setAccessToken("expired-token");

    expect(await me()).toEqual(aUser());

    expect(backend.requests.map((r) => [r.method, r.path, r.authorization])).toEqual([
      ["GET", "/users/me", "Bearer expired-token"],
      ["POST", "/auth/refresh", null],
      ["GET", "/users/me", "Bearer token-7-1"],
    ]);
    // Later requests use the new token straight away.
    await me();
    expect(backend.requests.at(-1)?.authorization).toBe("Bearer token-7-1");
    expect(requestsTo("POST", "/auth/refresh")).toHaveLength(1);
  });

  test("a retried request sends its body again", async () => {
    backend.sessionUserId = 7;
    setAccessToken("expired-token");
    await unwrap(
      api.POST("/events/cart", {
        body: { action: "add", product_id: 1, quantity: 2, cart_item_count: 2 },
      }),
    );
    expect(backend.cartReports).toEqual([
      { action: "add", product_id: 1, quantity: 2, cart_item_count: 2 },
    ]);
  });

  test("when the refresh fails the session ends, once", async () => {
    setAccessToken("expired-token"); // and no refresh cookie
    const ended = vi.fn();
    const stop = onSessionEnded(ended);

    const caught = await failure(me());

    expect(caught).toMatchObject({ status: 401, code: "not_authenticated" });
    expect(ended).toHaveBeenCalledTimes(1);
    expect(hasAccessToken()).toBe(false);
    expect(requestsTo("GET", "/users/me")).toHaveLength(1); // no retry without a token
    stop();
  });

  test("a refresh that cannot reach the shop ends nothing: the next request refreshes", async () => {
    backend.sessionUserId = 7;
    setAccessToken("expired-token");
    server.use(
      http.post("/auth/refresh", ({ response }) => response.untyped(HttpResponse.error()), {
        once: true,
      }),
    );
    const ended = vi.fn();
    const stop = onSessionEnded(ended);

    await failure(me());
    expect(ended).not.toHaveBeenCalled();
    expect(hasAccessToken()).toBe(true);

    expect(await me()).toEqual(aUser());
    expect(requestsTo("POST", "/auth/refresh")).toHaveLength(2);
    stop();
  });

  test("concurrent 401s share one refresh", async () => {
    backend.sessionUserId = 7;
    setAccessToken("expired-token");

    const answers = await Promise.all([me(), me(), me()]);

    expect(answers).toEqual([aUser(), aUser(), aUser()]);
    expect(requestsTo("POST", "/auth/refresh")).toHaveLength(1);
    const retries = requestsTo("GET", "/users/me").filter(
      (r) => r.authorization === "Bearer token-7-1",
    );
    expect(retries).toHaveLength(3);
  });
});
