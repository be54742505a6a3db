import { ApiError } from "@/lib/api-client";
import { filenameFrom, saveFile, unwrapDownload } from "@/lib/download";

import { captureDownloads } from "@/testing/downloads";

describe("filenameFrom", () => {
  test.each([
    ['attachment; filename="revenue-2026-11.csv"', "revenue-2026-11.csv"],
    ["attachment; filename=orders.csv", "orders.csv"],
    ["attachment; filename=orders.csv; size=12", "orders.csv"],
    ['attachment;filename="  spaced.csv  "', "spaced.csv"],
    ['ATTACHMENT; FILENAME="upper.csv"', "upper.csv"],
  ])("the name the header gives, quoted or not: %s", (header, expected) => {
    expect(filenameFrom(header, "export.csv")).toBe(expected);
  });

  test.each([
    ["attachment; filename=\"caf.csv\"; filename*=UTF-8''caf%C3%A9%20sales.csv", "café sales.csv"],
    ["attachment; filename*=utf-8''r%C3%A9sum%C3%A9.csv", "résumé.csv"],
    // Broken or unsafe: the plain name stands.
    ["attachment; filename=\"plain.csv\"; filename*=UTF-8''%E0%A4%A.csv", "plain.csv"],
    ["attachment; filename=\"plain.csv\"; filename*=UTF-8''..%2Fetc%2Fpasswd", "plain.csv"],
  ])("the UTF-8 name is preferred when it is a good one: %s", (header, expected) => {
    expect(filenameFrom(header, "export.csv")).toBe(expected);
  });

  test.each([
    'attachment; filename="../../etc/passwd"',
    'attachment; filename="C:\\Windows\\x.csv"',
    'attachment; filename="/tmp/x.csv"',
    'attachment; filename=".bashrc"',
    'attachment; filename="a\u0007b.csv"',
    "attachment; filename*=UTF-8''a%2Fb.csv",
    "",
    "attachment",
    'attachment; filename=""',
    "attachment; myfilename=x.csv",
  ])("no path, hidden file, control character or missing name: %j", (header) => {
    expect(filenameFrom(header, "export.csv")).toBe("export.csv");
  });

  test("no header gives the fallback", () => {
    expect(filenameFrom(null, "revenue.csv")).toBe("revenue.csv");
  });
});

test("saveFile clicks a download link to the file, then lets the file go", () => {
  const captured = captureDownloads();
  vi.useFakeTimers({ toFake: ["setTimeout"] });
  try {
    const blob = new Blob(["a,b\n1,2\n"], { type: "text/csv" });
    saveFile({ blob, filename: "revenue.csv" });

    expect(captured.created).toEqual([blob]);
    expect(captured.downloads).toEqual([
      { href: "blob:http://localhost:3000/export-1", download: "revenue.csv" },
    ]);
    expect(document.querySelector("a[download]")).toBeNull();
    expect(captured.revoked).toEqual([]);
    vi.advanceTimersByTime(1000);
    expect(captured.revoked).toEqual(["blob:http://localhost:3000/export-1"]);
  } finally {
    vi.useRealTimers();
  }
});

describe("unwrapDownload", () => {
  const csv = new Blob(["a,b\n"], { type: "text/csv" });
  const answer = (status: number, fields: { data?: Blob; error?: unknown } = {}) =>
    Promise.resolve({
      ...fields,
      response: new Response(null, {
        status,
        headers: { "Content-Disposition": 'attachment; filename="orders-2026-11.csv"' },
      }),
    });
  const failure = (pending: Promise<unknown>) =>
    pending.then(
      () => undefined,
      (reason: unknown) => reason,
    );

  test("the file, named by the answer", async () => {
    await expect(unwrapDownload(answer(200, { data: csv }), "orders.csv")).resolves.toEqual({
      blob: csv,
      filename: "orders-2026-11.csv",
    });
  });

  test("an error answer is an ApiError with the API's code", async () => {
    const caught = await failure(
      unwrapDownload(
        answer(422, { error: { detail: "The date range is not valid", code: "invalid_period" } }),
        "orders.csv",
      ),
    );
    expect(caught).toBeInstanceOf(ApiError);
    expect(caught).toMatchObject({ status: 422, code: "invalid_period" });
    expect(await failure(unwrapDownload(answer(200), "orders.csv"))).toMatchObject({
      status: 200,
      code: "unexpected",
    });
  });

  test("a network failure is an ApiError; an abort stays an abort", async () => {
    expect(
      await failure(unwrapDownload(Promise.reject(new TypeError("offline")), "x.csv")),
    ).toMatchObject({ status: 0, code: "network_error" });
    const abort = new DOMException("The user aborted a request.", "AbortError");
    expect(await failure(unwrapDownload(Promise.reject(abort), "x.csv"))).toBe(abort);
  });
});
