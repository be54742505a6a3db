/**
 * The dashboard's date ranges: calendar days in the shop's time zone, as "YYYY-MM-DD" strings.
 *
 * Day arithmetic runs on day numbers (days since 1970-01-01 in UTC), so there are no month or
 * daylight-saving surprises.
 */

export type Preset = "today" | "7d" | "30d" | "90d" | "this-month" | "last-month" | "custom";

export interface DateRange {
  preset: Preset;
  /** First day, inclusive ("YYYY-MM-DD"). */
  from: string;
  /** Last day, inclusive. */
  to: string;
  days: number;
}

export interface RangeSelection {
  range: DateRange;
  /** Compare with the equally long period just before. */
  compare: boolean;
}

export const PRESETS: { value: Preset; label: string }[] = [
  { value: "today", label: "Today" },
  { value: "7d", label: "Last 7 days" },
  { value: "30d", label: "Last 30 days" },
  { value: "90d", label: "Last 90 days" },
  { value: "this-month", label: "This month" },
  { value: "last-month", label: "Last month" },
  { value: "custom", label: "Custom" },
];

/** The longest range the API reports on (two years). */
export const MAX_RANGE_DAYS = 731;

// The years the API accepts.
const FIRST_YEAR = 1900;
const LAST_YEAR = 9998;
// The preset used when a caller's fallback is "custom", which has no dates of its own.
const DEFAULT_PRESET = "30d";

const LAST_DAYS = { "7d": 7, "30d": 30, "90d": 90 } as const;

interface Civil {
  year: number;
  month: number;
  day: number;
}

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

function format({ year, month, day }: Civil): string {
  return `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
}

function isLeap(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeap(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** The date a "YYYY-MM-DD" string names, if it is a real one. */
function parse(text: string): Civil | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return undefined;
  const [year, month, day] = match.slice(1).map(Number) as [number, number, number];
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  return { year, month, day };
}

/** A real date in the years the API accepts. */
function isAcceptedDate(text: string): boolean {
  const date = parse(text);
  return date !== undefined && date.year >= FIRST_YEAR && date.year <= LAST_YEAR;
}

const DAY_MS = 86_400_000;

/** Days since 1970-01-01 (UTC has no daylight saving: every day is DAY_MS long). */
function dayOf(date: string): number {
  const parsed = parse(date);
  if (!parsed) throw new RangeError(`Not a date: ${date}`);
  return Date.UTC(parsed.year, parsed.month - 1, parsed.day) / DAY_MS;
}

function dateOf(dayNo: number): string {
  return new Date(dayNo * DAY_MS).toISOString().slice(0, 10);
}

function addDays(date: string, days: number): string {
  return dateOf(dayOf(date) + days);
}

function span(preset: Preset, from: string, to: string): DateRange {
  return { preset, from, to, days: dayOf(to) - dayOf(from) + 1 };
}

/** Today's date in `timeZone` at the moment `now`. */
export function todayIn(timeZone: string, now: Date = new Date()): string {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone,
    year: "numeric",
    month: "numeric",
    day: "numeric",
  }).formatToParts(now);
  const part = (type: Intl.DateTimeFormatPartTypes) =>
    Number(parts.find((p) => p.type === type)?.value);
  return format({ year: part("year"), month: part("month"), day: part("day") });
}

/** The days a preset covers when `today` is today. */
export function presetRange(preset: Exclude<Preset, "custom">, today: string): DateRange {
  switch (preset) {
    case "today":
      return span(preset, today, today);
    case "this-month":
      return span(preset, `${today.slice(0, 8)}01`, today);
    case "last-month": {
      const lastDay = addDays(`${today.slice(0, 8)}01`, -1);
      return span(preset, `${lastDay.slice(0, 8)}01`, lastDay);
    }
    default:
      return span(preset, addDays(today, 1 - LAST_DAYS[preset]), today);
  }
}

/** A range the user chose; an error to show when it is not one the API reports on. */
export function customRange(from: string, to: string): DateRange | { error: string } {
  if (!isAcceptedDate(from) || !isAcceptedDate(to))
    return { error: "Enter real dates (YYYY-MM-DD)." };
  if (from > to) return { error: "The start date must not be after the end date." };
  const range = span("custom", from, to);
  if (range.days > MAX_RANGE_DAYS) {
    return { error: `Choose at most ${MAX_RANGE_DAYS} days (two years).` };
  }
  return range;
}

/** The equally long range ending the day before `range` starts. */
export function previousRange(range: DateRange): DateRange {
  const to = addDays(range.from, -1);
  return span("custom", addDays(to, 1 - range.days), to);
}

function isPreset(value: string | null): value is Exclude<Preset, "custom"> {
  return PRESETS.some((preset) => preset.value === value && value !== "custom");
}

/**
 * The selection a URL holds: `range=<preset>` or `from=&to=` (custom), and `compare=previous`.
 * Anything missing or invalid gives the `fallback` preset.
 */
export function readSelection(
  params: URLSearchParams,
  today: string,
  fallback: Preset,
): RangeSelection {
  const compare = params.get("compare") === "previous";
  const preset = params.get("range");
  if (isPreset(preset)) return { range: presetRange(preset, today), compare };
  const from = params.get("from");
  const to = params.get("to");
  if (from !== null && to !== null) {
    const range = customRange(from, to);
    if (!("error" in range)) return { range, compare };
  }
  return {
    range: presetRange(fallback === "custom" ? DEFAULT_PRESET : fallback, today),
    compare,
  };
}

/** `params` with `selection` in it (a new object): the `fallback` preset is left out. */
export function writeSelection(
  params: URLSearchParams,
  selection: RangeSelection,
  fallback: Preset,
): URLSearchParams {
  const next = new URLSearchParams(params);
  for (const name of ["range", "from", "to", "compare"]) next.delete(name);
  const { range } = selection;
  if (range.preset === "custom") {
    next.set("from", range.from);
    next.set("to", range.to);
  } else if (range.preset !== fallback) {
    next.set("range", range.preset);
  }
  if (selection.compare) next.set("compare", "previous");
  return next;
}

/**
 * The query parameters the analytics endpoints take: presets that end today as `days` (so a
 * dashboard left open keeps following today), others as explicit dates.
 */
export function apiPeriod(selection: RangeSelection): {
  days?: number;
  date_from?: string;
  date_to?: string;
  compare?: "previous";
} {
  const { range } = selection;
  const endsToday = range.preset !== "custom" && range.preset !== "last-month";
  return {
    ...(endsToday ? { days: range.days } : { date_from: range.from, date_to: range.to }),
    ...(selection.compare ? { compare: "previous" as const } : {}),
  };
}

function formatter(locale: string | undefined, withYear: boolean): Intl.DateTimeFormat {
  return new Intl.DateTimeFormat(locale, {
    day: "numeric",
    month: "short",
    ...(withYear ? { year: "numeric" } : {}),
    timeZone: "UTC",
  });
}

function utcDate(date: string): Date {
  return new Date(`${date}T00:00:00Z`);
}

/** "1 Nov – 30 Nov 2026", or "6 Dec 2026" for one day (in the reader's locale by default). */
export function formatRange(range: DateRange, locale?: string): string {
  const full = formatter(locale, true);
  if (range.from === range.to) return full.format(utcDate(range.to));
  const sameYear = range.from.slice(0, 4) === range.to.slice(0, 4);
  const start = (sameYear ? formatter(locale, false) : full).format(utcDate(range.from));
  return `${start} – ${full.format(utcDate(range.to))}`;
}

/** Every day of the range, first to last. */
export function datesOf(range: DateRange): string[] {
  const first = dayOf(range.from);
  return Array.from({ length: dayOf(range.to) - first + 1 }, (_, n) => dateOf(first + n));
}
