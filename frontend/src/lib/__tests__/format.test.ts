import { formatDate, formatDateTime, formatMoney, plural } from "@/lib/format";

describe("formatMoney", () => {
  test("shows a decimal string in the shop's currency", () => {
    expect(formatMoney("1234.50", "EUR", "en-US")).toBe("€1,234.50");
    expect(formatMoney("5", "USD", "en-US")).toBe("$5.00");
    expect(formatMoney("0.10", "GBP", "en-GB")).toBe("£0.10");
  });

  test("follows the reader's locale", () => {
    expect(formatMoney("1234.5", "EUR", "de-DE")).toBe("1.234,50\u00a0€");
  });

  test("keeps every cent of an amount too large for a float", () => {
    expect(formatMoney("90071992547409.99", "EUR", "en-US")).toBe("€90,071,992,547,409.99");
  });

  test("shows negative amounts", () => {
    expect(formatMoney("-3.50", "EUR", "en-US")).toBe("-€3.50");
  });
});

describe("dates", () => {
  const lateEvening = "2026-11-30T23:30:00Z";

  test("a moment is shown on the shop's clock", () => {
    expect(formatDateTime(lateEvening, "UTC", "en-US")).toMatch(/^Nov 30, 2026, 11:30\sPM$/);
    expect(formatDateTime(lateEvening, "Asia/Tokyo", "en-US")).toMatch(/^Dec 1, 2026, 8:30\sAM$/);
  });

  test("a date is the shop's calendar day", () => {
    expect(formatDate(lateEvening, "UTC", "en-US")).toBe("Nov 30, 2026");
    expect(formatDate(lateEvening, "Asia/Tokyo", "en-US")).toBe("Dec 1, 2026");
  });
});

test("plural picks the word for the count", () => {
  expect(plural(0, "item", "items")).toBe("0 items");
  expect(plural(1, "item", "items")).toBe("1 item");
  expect(plural(2, "line needs", "lines need")).toBe("2 lines need");
});
