import {
  formatCompactMoney,
  formatDate,
  formatDateTime,
  formatMoney,
  formatNumber,
  formatPercentChange,
  formatTimeAgo,
  formatWait,
  plural,
} from "@/lib/format";

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

describe("formatPercentChange", () => {
  test("a sign on every change, a real minus, one decimal", () => {
    expect(formatPercentChange("12.5", "en-US")).toBe("+12.5%");
    expect(formatPercentChange("-3", "en-US")).toBe("\u22123.0%");
    expect(formatPercentChange("-100.0", "en-US")).toBe("\u2212100.0%");
    expect(formatPercentChange("1234.5", "en-US")).toBe("+1,234.5%");
  });

  test("no change has no sign", () => {
    expect(formatPercentChange("0", "en-US")).toBe("0.0%");
    expect(formatPercentChange("0.0", "en-US")).toBe("0.0%");
    expect(formatPercentChange("-0.04", "en-US")).toBe("0.0%");
    expect(formatPercentChange("0.04", "en-US")).toBe("0.0%");
  });

  test("a dash when there is no previous figure to compare with", () => {
    expect(formatPercentChange(null)).toBe("\u2014");
    expect(formatPercentChange(undefined)).toBe("\u2014");
    expect(formatPercentChange("")).toBe("\u2014");
    expect(formatPercentChange("n/a")).toBe("\u2014");
  });

  test("follows the reader's locale", () => {
    expect(formatPercentChange("-12.5", "de-DE")).toBe("\u221212,5\u00a0%");
  });
});

describe("formatCompactMoney", () => {
  test("short amounts for a chart's axis", () => {
    expect(formatCompactMoney(1234, "EUR", "en-US")).toBe("€1.2K");
    expect(formatCompactMoney("1250000.00", "EUR", "en-US")).toBe("€1.3M");
    expect(formatCompactMoney(350, "USD", "en-US")).toBe("$350");
    expect(formatCompactMoney("0", "EUR", "en-US")).toBe("€0");
    expect(formatCompactMoney(1500, "GBP", "en-GB")).toBe("£1.5k");
  });
});

test("formatNumber groups digits as the reader does", () => {
  expect(formatNumber(12345, "en-US")).toBe("12,345");
  expect(formatNumber(12345, "de-DE")).toBe("12.345");
  expect(formatNumber(0.5, "en-US")).toBe("0.5");
});

describe("formatWait", () => {
  test("says a wait in the largest unit that reads well, rounded up", () => {
    expect(formatWait(0)).toBe("1 second");
    expect(formatWait(1)).toBe("1 second");
    expect(formatWait(45.2)).toBe("46 seconds");
    expect(formatWait(90)).toBe("90 seconds");
    expect(formatWait(91)).toBe("2 minutes");
    expect(formatWait(3599)).toBe("60 minutes");
    expect(formatWait(3600)).toBe("1 hour");
    expect(formatWait(5400)).toBe("2 hours");
  });
});

describe("formatTimeAgo", () => {
  const now = Date.parse("2026-11-30T12:00:00Z");
  const ago = (seconds: number) => new Date(now - seconds * 1000).toISOString();

  test("a recent moment is counted back from now", () => {
    expect(formatTimeAgo(ago(0), "UTC", now, "en-US")).toBe("just now");
    expect(formatTimeAgo(ago(59), "UTC", now, "en-US")).toBe("just now");
    expect(formatTimeAgo(ago(60), "UTC", now, "en-US")).toBe("1 minute ago");
    expect(formatTimeAgo(ago(59 * 60 + 59), "UTC", now, "en-US")).toBe("59 minutes ago");
    expect(formatTimeAgo(ago(3600), "UTC", now, "en-US")).toBe("1 hour ago");
    expect(formatTimeAgo(ago(23 * 3600), "UTC", now, "en-US")).toBe("23 hours ago");
    expect(formatTimeAgo(ago(24 * 3600), "UTC", now, "en-US")).toBe("1 day ago");
    expect(formatTimeAgo(ago(6 * 24 * 3600), "UTC", now, "en-US")).toBe("6 days ago");
  });

  test("a clock a little ahead is 'just now'; a week or more ago is the date", () => {
    expect(formatTimeAgo(ago(-30), "UTC", now, "en-US")).toBe("just now");
    expect(formatTimeAgo(ago(7 * 24 * 3600), "UTC", now, "en-US")).toBe("Nov 23, 2026");
    expect(formatTimeAgo("2026-01-02T00:30:00Z", "America/New_York", now, "en-US")).toBe(
      "Jan 1, 2026",
    );
  });

  test("counts from the present by default", () => {
    expect(formatTimeAgo(new Date().toISOString(), "UTC")).toBe("just now");
  });
});
