import { act, renderHook, waitFor } from "@testing-library/react";
import { HttpResponse } from "msw";

import { api, unwrap } from "@/lib/api-client";
import { clearQueryCache, invalidate, useQuery } from "@/lib/use-query";

import { http } from "@/testing/http";
import { server } from "@/testing/setup-tests";
import { backend } from "@/testing/shop-backend";

const getShop = (signal: AbortSignal) => unwrap(api.GET("/shop", { signal }));

test("loading, then the data", async () => {
  const { result } = renderHook(() => useQuery("shop", getShop));
  expect(result.current).toMatchObject({ isLoading: true, data: undefined, error: undefined });

  await waitFor(() => {
    expect(result.current.data).toEqual(backend.shop);
  });
  expect(result.current.isLoading).toBe(false);
});

test("an error, then 'reload' tries again and recovers", async () => {
  server.use(
    http.get("/shop", ({ response }) => response.untyped(HttpResponse.error()), { once: true }),
  );
  const { result } = renderHook(() => useQuery("shop", getShop));

  await waitFor(() => {
    expect(result.current.error?.code).toBe("network_error");
  });
  expect(result.current.isLoading).toBe(false);

  act(() => {
    result.current.reload();
  });
  expect(result.current).toMatchObject({ isLoading: true, error: undefined });
  await waitFor(() => {
    expect(result.current.data).toEqual(backend.shop);
  });
  expect(result.current.error).toBeUndefined();
});

test("reloading keeps showing the data it has while it fetches", async () => {
  const { result } = renderHook(() => useQuery("shop", getShop));
  await waitFor(() => {
    expect(result.current.data?.name).toBe("Test Shop");
  });
  backend.shop = { ...backend.shop, name: "Renamed Shop" };
  act(() => {
    result.current.reload();
  });
  expect(result.current).toMatchObject({ isLoading: false, data: { name: "Test Shop" } });
  await waitFor(() => {
    expect(result.current.data?.name).toBe("Renamed Shop");
  });
});

test("nothing is fetched without a key", () => {
  const fetcher = vi.fn(getShop);
  const { result } = renderHook(() => useQuery(null, fetcher));
  expect(result.current).toMatchObject({ isLoading: false, data: undefined, error: undefined });
  expect(fetcher).not.toHaveBeenCalled();
});

test("a page seen before shows at once from the cache while it is fetched again", async () => {
  const first = renderHook(() => useQuery("shop", getShop));
  await waitFor(() => {
    expect(first.result.current.data).toBeDefined();
  });
  first.unmount();
  const requestsBefore = backend.requests.length;

  const again = renderHook(() => useQuery("shop", getShop));
  expect(again.result.current).toMatchObject({ isLoading: false, data: backend.shop });
  await waitFor(() => {
    expect(backend.requests.length).toBe(requestsBefore + 1);
  });
});

test("invalidate forgets the answers under a prefix", async () => {
  const fetcher = () => Promise.resolve("fresh");
  const orders = renderHook(() => useQuery("orders:1", fetcher));
  const shop = renderHook(() => useQuery("shop", fetcher));
  await waitFor(() => {
    expect(orders.result.current.data).toBe("fresh");
    expect(shop.result.current.data).toBe("fresh");
  });
  orders.unmount();
  shop.unmount();

  invalidate("orders");

  const shows = (key: string) => {
    const { result, unmount } = renderHook(() => useQuery(key, fetcher));
    const cached = !result.current.isLoading;
    unmount();
    return cached;
  };
  expect(shows("orders:1")).toBe(false);
  expect(shows("shop")).toBe(true);
  clearQueryCache();
  expect(shows("shop")).toBe(false);
});

test("a new key aborts the request for the old one, whose answer is never shown", async () => {
  const signals: AbortSignal[] = [];
  const answers = new Map<string, (value: string) => void>();
  const { result, rerender } = renderHook(
    ({ key }: { key: string }) =>
      useQuery(key, (signal) => {
        signals.push(signal);
        return new Promise<string>((resolve, reject) => {
          answers.set(key, resolve);
          signal.addEventListener("abort", () => {
            reject(new DOMException("Aborted", "AbortError"));
          });
        });
      }),
    { initialProps: { key: "a" } },
  );

  rerender({ key: "b" });
  expect(signals[0]?.aborted).toBe(true);
  act(() => {
    answers.get("b")?.("answer b");
  });
  await waitFor(() => {
    expect(result.current.data).toBe("answer b");
  });
  expect(result.current.error).toBeUndefined();
});

test("only the last hundred answers are kept", async () => {
  const { result, rerender } = renderHook(
    ({ key }: { key: string }) => useQuery(key, () => Promise.resolve(key)),
    { initialProps: { key: "page:0" } },
  );
  for (let n = 0; n <= 100; n++) {
    rerender({ key: `page:${n}` });
    await act(() => Promise.resolve());
    expect(result.current.data).toBe(`page:${n}`);
  }
  // page:0 was the oldest and has been dropped; page:1 is still there.
  rerender({ key: "page:1" });
  expect(result.current).toMatchObject({ isLoading: false, data: "page:1" });
  rerender({ key: "page:0" });
  expect(result.current.isLoading).toBe(true);
  await act(() => Promise.resolve());
  expect(result.current.data).toBe("page:0");
});

test("with keepPrevious, the last answer stays until the new key's arrives", async () => {
  const fetcher = (signal: AbortSignal) => unwrap(api.GET("/shop", { signal }));
  const { result, rerender } = renderHook(
    ({ key, keepPrevious }) => useQuery(key, fetcher, { keepPrevious }),
    { initialProps: { key: "shop:1", keepPrevious: true } },
  );
  await waitFor(() => {
    expect(result.current.data?.name).toBe("Test Shop");
  });
  expect(result.current.isStale).toBe(false);
  backend.shop = { ...backend.shop, name: "Renamed Shop" };

  rerender({ key: "shop:2", keepPrevious: true });
  expect(result.current).toMatchObject({
    isLoading: false,
    isStale: true,
    data: { name: "Test Shop" },
  });
  await waitFor(() => {
    expect(result.current.data?.name).toBe("Renamed Shop");
  });
  expect(result.current.isStale).toBe(false);

  // Without it a new key shows nothing until its answer is there.
  rerender({ key: "shop:3", keepPrevious: false });
  expect(result.current).toMatchObject({ isLoading: true, isStale: false, data: undefined });
});
