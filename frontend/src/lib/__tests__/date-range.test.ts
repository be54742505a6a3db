import {
  apiPeriod,
  customRange,
  type DateRange,
  datesOf,
  formatRange,
  MAX_RANGE_DAYS,
  previousRange,
  PRESETS,
  presetRange,
  readSelection,
  todayIn,
  writeSelection,
} from "@/lib/date-range";

const range = (from: string, to: string): DateRange => {
  const result = customRange(from, to);
  if ("error" in result) throw new Error(result.error);
  return result;
};

describe("todayIn", () => {
  // 23:30 on 30 November in London is already 1 December in Tokyo and still the 30th in
  // Los Angeles; 04:30 UTC on 1 January is still New Year's Eve in New York.
  const lateEvening = new Date("2026-11-30T23:30:00Z");
  const newYear = new Date("2027-01-01T04:30:00Z");

  test("is the shop's calendar date, not the UTC one", () => {
    expect(todayIn("UTC", lateEvening)).toBe("2026-11-30");
    expect(todayIn("Asia/Tokyo", lateEvening)).toBe("2026-12-01");
    expect(todayIn("America/Los_Angeles", lateEvening)).toBe("2026-11-30");
    expect(todayIn("America/New_York", newYear)).toBe("2026-12-31");
    expect(todayIn("Pacific/Kiritimati", newYear)).toBe("2027-01-01");
  });

  test("half-hour zones and the moment of the call", () => {
    expect(todayIn("Asia/Kolkata", new Date("2026-03-31T18:29:00Z"))).toBe("2026-03-31");
    expect(todayIn("Asia/Kolkata", new Date("2026-03-31T18:30:00Z"))).toBe("2026-04-01");
    vi.useFakeTimers({ now: new Date("2028-02-29T12:00:00Z"), toFake: ["Date"] });
    try {
      expect(todayIn("Europe/Berlin")).toBe("2028-02-29");
    } finally {
      vi.useRealTimers();
    }
  });

  test("an unknown zone is an error", () => {
    expect(() => todayIn("Mars/Olympus_Mons")).toThrow(RangeError);
  });
});

describe("presetRange", () => {
  test("the last n days end today and count today", () => {
    expect(presetRange("today", "2026-12-06")).toEqual({
      preset: "today",
      from: "2026-12-06",
      to: "2026-12-06",
      days: 1,
    });
    expect(presetRange("7d", "2026-12-06")).toEqual({
      preset: "7d",
      from: "2026-11-30",
      to: "2026-12-06",
      days: 7,
    });
    expect(presetRange("30d", "2026-03-01")).toMatchObject({ from: "2026-01-31", days: 30 });
    expect(presetRange("90d", "2026-12-31")).toMatchObject({ from: "2026-10-03", days: 90 });
  });

  test("across a year end and a leap day", () => {
    expect(presetRange("7d", "2027-01-03")).toMatchObject({ from: "2026-12-28", to: "2027-01-03" });
    expect(presetRange("30d", "2028-03-15")).toMatchObject({ from: "2028-02-15", days: 30 });
    expect(presetRange("7d", "2028-03-01")).toMatchObject({ from: "2028-02-24" });
    expect(presetRange("7d", "2027-03-01")).toMatchObject({ from: "2027-02-23" });
  });

  test("this month runs from the first to today", () => {
    expect(presetRange("this-month", "2026-12-06")).toEqual({
      preset: "this-month",
      from: "2026-12-01",
      to: "2026-12-06",
      days: 6,
    });
    expect(presetRange("this-month", "2026-12-01")).toMatchObject({ from: "2026-12-01", days: 1 });
  });

  test("last month is the whole previous month", () => {
    expect(presetRange("last-month", "2026-12-06")).toEqual({
      preset: "last-month",
      from: "2026-11-01",
      to: "2026-11-30",
      days: 30,
    });
    expect(presetRange("last-month", "2027-01-31")).toMatchObject({
      from: "2026-12-01",
      to: "2026-12-31",
      days: 31,
    });
    expect(presetRange("last-month", "2028-03-31")).toMatchObject({
      from: "2028-02-01",
      to: "2028-02-29",
      days: 29,
    });
    expect(presetRange("last-month", "2100-03-01")).toMatchObject({ to: "2100-02-28", days: 28 });
    expect(presetRange("last-month", "2000-03-01")).toMatchObject({ to: "2000-02-29", days: 29 });
  });

  test("an invalid today is an error", () => {
    expect(() => presetRange("7d", "2026-02-30")).toThrow(RangeError);
    expect(() => presetRange("today", "yesterday")).toThrow(RangeError);
  });
});

describe("customRange", () => {
  test("a valid range counts both ends", () => {
    expect(customRange("2026-11-01", "2026-11-30")).toEqual({
      preset: "custom",
      from: "2026-11-01",
      to: "2026-11-30",
      days: 30,
    });
    expect(customRange("2026-12-06", "2026-12-06")).toMatchObject({ days: 1 });
    expect(customRange("2028-01-01", "2028-12-31")).toMatchObject({ days: 366 });
  });

  test("dates must be real", () => {
    for (const [from, to] of [
      ["2026-02-29", "2026-03-01"],
      ["2026-04-31", "2026-05-01"],
      ["2026-13-01", "2026-12-01"],
      ["2026-00-10", "2026-12-01"],
      ["2026-01-00", "2026-12-01"],
      ["2026-1-5", "2026-12-01"],
      ["2026-01-05T00:00", "2026-12-01"],
      ["", "2026-12-01"],
      ["1899-12-31", "1900-01-05"],
      ["9999-01-01", "9999-01-02"],
    ] as const) {
      expect(customRange(from, to), `${from} to ${to}`).toEqual({
        error: "Enter real dates (YYYY-MM-DD).",
      });
    }
    expect(customRange("2028-02-29", "2028-03-01")).toMatchObject({ days: 2 });
    expect(customRange("1900-01-01", "1900-01-01")).toMatchObject({ days: 1 });
  });

  test("the start comes first", () => {
    expect(customRange("2026-12-02", "2026-12-01")).toEqual({
      error: "The start date must not be after the end date.",
    });
  });

  test("two years at most", () => {
    expect(customRange("2025-01-01", "2026-12-31")).toMatchObject({ days: 730 });
    expect(customRange("2027-01-01", "2028-12-31")).toMatchObject({ days: MAX_RANGE_DAYS });
    expect(customRange("2026-12-31", "2028-12-31")).toEqual({
      error: "Choose at most 731 days (two years).",
    });
  });
});

describe("previousRange", () => {
  test("is equally long and ends the day before", () => {
    expect(previousRange(presetRange("7d", "2026-12-06"))).toEqual({
      preset: "custom",
      from: "2026-11-23",
      to: "2026-11-29",
      days: 7,
    });
    expect(previousRange(presetRange("today", "2027-01-01"))).toMatchObject({
      from: "2026-12-31",
      to: "2026-12-31",
      days: 1,
    });
  });

  test("a month's previous period is as many days, not the previous month", () => {
    expect(previousRange(presetRange("last-month", "2026-12-06"))).toMatchObject({
      from: "2026-10-02",
      to: "2026-10-31",
      days: 30,
    });
    expect(previousRange(range("2028-03-01", "2028-03-31"))).toMatchObject({
      from: "2028-01-30",
      to: "2028-02-29",
    });
  });
});

describe("the selection in the URL", () => {
  const today = "2026-12-06";
  const read = (search: string, fallback: Parameters<typeof readSelection>[2] = "30d") =>
    readSelection(new URLSearchParams(search), today, fallback);

  test("a preset and the comparison", () => {
    expect(read("range=7d&compare=previous")).toEqual({
      range: presetRange("7d", today),
      compare: true,
    });
    expect(read("range=last-month")).toEqual({
      range: presetRange("last-month", today),
      compare: false,
    });
    for (const { value } of PRESETS.filter((p) => p.value !== "custom")) {
      expect(read(`range=${value}`).range.preset).toBe(value);
    }
  });

  test("a custom range", () => {
    expect(read("from=2026-01-01&to=2026-01-31&compare=previous")).toEqual({
      range: range("2026-01-01", "2026-01-31"),
      compare: true,
    });
    expect(read("range=custom&from=2026-01-01&to=2026-01-02").range).toMatchObject({
      preset: "custom",
      days: 2,
    });
  });

  test("anything invalid gives the fallback preset", () => {
    const fallback = presetRange("30d", today);
    for (const search of [
      "",
      "range=14d",
      "range=custom",
      "range=TODAY",
      "from=2026-01-01",
      "to=2026-01-01",
      "from=2026-02-30&to=2026-03-01",
      "from=2026-03-01&to=2026-02-01",
      "from=2020-01-01&to=2026-01-01",
      "from=%3Cscript%3E&to=2026-01-01",
    ]) {
      expect(read(search).range, search).toEqual(fallback);
    }
    expect(read("compare=yes").compare).toBe(false);
    expect(read("range=14d", "this-month").range).toEqual(presetRange("this-month", today));
    // "custom" has no dates of its own: the last 30 days stand in.
    expect(read("", "custom").range).toEqual(fallback);
  });

  test("a preset wins over dates left in the URL", () => {
    expect(read("range=today&from=2026-01-01&to=2026-01-31").range.preset).toBe("today");
  });

  test("writing leaves the fallback out and keeps the other parameters", () => {
    const params = new URLSearchParams("tab=products&range=90d&compare=previous");
    const written = writeSelection(
      params,
      { range: presetRange("30d", today), compare: false },
      "30d",
    );
    expect(written.toString()).toBe("tab=products");
    expect(params.toString()).toBe("tab=products&range=90d&compare=previous");

    expect(
      writeSelection(
        new URLSearchParams("from=2026-01-01&to=2026-01-02"),
        { range: presetRange("7d", today), compare: true },
        "30d",
      ).toString(),
    ).toBe("range=7d&compare=previous");
    expect(
      writeSelection(
        new URLSearchParams("range=7d"),
        { range: range("2026-01-01", "2026-01-31"), compare: false },
        "30d",
      ).toString(),
    ).toBe("from=2026-01-01&to=2026-01-31");
  });

  test("what is written reads back the same", () => {
    for (const selection of [
      { range: presetRange("today", today), compare: true },
      { range: presetRange("this-month", today), compare: false },
      { range: presetRange("30d", today), compare: true },
      { range: range("2025-02-01", "2026-01-31"), compare: true },
    ]) {
      const params = writeSelection(new URLSearchParams(), selection, "30d");
      expect(readSelection(params, today, "30d")).toEqual(selection);
    }
  });
});

describe("apiPeriod", () => {
  const today = "2026-12-06";

  test("ranges ending today go as a number of days", () => {
    expect(apiPeriod({ range: presetRange("7d", today), compare: false })).toEqual({ days: 7 });
    expect(apiPeriod({ range: presetRange("today", today), compare: true })).toEqual({
      days: 1,
      compare: "previous",
    });
    expect(apiPeriod({ range: presetRange("this-month", today), compare: false })).toEqual({
      days: 6,
    });
  });

  test("others as explicit dates", () => {
    expect(apiPeriod({ range: presetRange("last-month", today), compare: true })).toEqual({
      date_from: "2026-11-01",
      date_to: "2026-11-30",
      compare: "previous",
    });
    expect(apiPeriod({ range: range("2026-01-01", "2026-01-31"), compare: false })).toEqual({
      date_from: "2026-01-01",
      date_to: "2026-01-31",
    });
  });
});

describe("formatRange", () => {
  test("one month, one year, one day", () => {
    expect(formatRange(range("2026-11-01", "2026-11-30"), "en-GB")).toBe("1 Nov – 30 Nov 2026");
    expect(formatRange(range("2026-12-06", "2026-12-06"), "en-GB")).toBe("6 Dec 2026");
    expect(formatRange(range("2026-12-20", "2027-01-05"), "en-GB")).toBe(
      "20 Dec 2026 – 5 Jan 2027",
    );
    expect(formatRange(range("2026-11-01", "2026-11-30"), "en-US")).toBe("Nov 1 – Nov 30, 2026");
  });

  test("is the calendar date whatever the reader's zone", () => {
    // Midnight UTC is still the day before in America: the date must not move.
    expect(formatRange(range("2026-01-01", "2026-01-01"), "en-GB")).toBe("1 Jan 2026");
  });
});

describe("datesOf", () => {
  test("every day, both ends included", () => {
    expect(datesOf(range("2028-02-27", "2028-03-02"))).toEqual([
      "2028-02-27",
      "2028-02-28",
      "2028-02-29",
      "2028-03-01",
      "2028-03-02",
    ]);
    expect(datesOf(range("2026-12-30", "2027-01-02"))).toEqual([
      "2026-12-30",
      "2026-12-31",
      "2027-01-01",
      "2027-01-02",
    ]);
    expect(datesOf(presetRange("90d", "2026-12-06"))).toHaveLength(90);
    expect(datesOf(presetRange("today", "2026-12-06"))).toEqual(["2026-12-06"]);
  });

  test("a two-year range has every day once, in order", () => {
    const dates = datesOf(range("2027-01-01", "2028-12-31"));
    expect(dates).toHaveLength(MAX_RANGE_DAYS);
    expect(new Set(dates).size).toBe(MAX_RANGE_DAYS);
    expect(dates.toSorted()).toEqual(dates);
    expect(dates[59]).toBe("2027-03-01");
    expect(dates[365 + 59]).toBe("2028-02-29");
  });
});

test("the presets' labels", () => {
  expect(PRESETS.map((p) => p.label)).toEqual([
    "Today",
    "Last 7 days",
    "Last 30 days",
    "Last 90 days",
    "This month",
    "Last month",
    "Custom",
  ]);
});
