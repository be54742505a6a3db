import {
  formatCompactMoney,
  formatDate,
  formatDateTime,
  formatMoney,
  formatNumber,
  formatPercentChange,
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
