const numberFormats = new Map<string, Intl.NumberFormat>();

/** One formatter per locale and options, made once. */
function numberFormat(locale: string | undefined, options: Intl.NumberFormatOptions) {
  const key = `${locale ?? ""}|${JSON.stringify(options)}`;
  let format = numberFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale, options);
    numberFormats.set(key, format);
  }
  return format;
}

/** A decimal string in the shop's currency: "1234.50" → "€1,234.50" (the reader's locale). */
export function formatMoney(amount: string, currency: string, locale?: string): string {
  // Intl formats a decimal string exactly; going through Number would round large amounts.
  return numberFormat(locale, { style: "currency", currency }).format(amount as unknown as number);
}

/** Money for a chart's axis: "€1.2K", "€350", "€2.5M". */
export function formatCompactMoney(
  amount: number | string,
  currency: string,
  locale?: string,
): string {
  return numberFormat(locale, { style: "currency", currency, notation: "compact" }).format(
    Number(amount),
  );
}

/** A count: "12,345". */
export function formatNumber(n: number, locale?: string): string {
  return numberFormat(locale, {}).format(n);
}

/**
 * The API's change in percent ("12.5", "-3", "0.0") as shown: "+12.5%", "−3.0%" (a real minus
 * sign), "0.0%"; "—" when there is none (no previous figure to compare with).
 */
export function formatPercentChange(change: string | null | undefined, locale?: string): string {
  const value = change === null || change === undefined || change === "" ? NaN : Number(change);
  if (!Number.isFinite(value)) return "\u2014";
  return numberFormat(locale, {
    style: "percent",
    minimumFractionDigits: 1,
    maximumFractionDigits: 1,
    signDisplay: "exceptZero",
  })
    .format(value / 100)
    .replace("-", "\u2212");
}

export function formatDateTime(iso: string, timeZone: string, locale?: string): string {
  return new Intl.DateTimeFormat(locale, {
    dateStyle: "medium",
    timeStyle: "short",
    timeZone,
  }).format(new Date(iso));
}

export function formatDate(iso: string, timeZone: string, locale?: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeZone }).format(new Date(iso));
}

export function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

const HOUR = 60 * 60;
const DAY = 24 * HOUR;

/** A wait in words, rounded up: "1 second", "45 seconds", "2 minutes", "1 hour". */
export function formatWait(seconds: number): string {
  if (seconds <= 90) return plural(Math.max(1, Math.ceil(seconds)), "second", "seconds");
  if (seconds < HOUR) return plural(Math.ceil(seconds / 60), "minute", "minutes");
  return plural(Math.ceil(seconds / HOUR), "hour", "hours");
}

/**
 * How long ago `iso` was, as of `now`: "just now" (under a minute, or a clock a little ahead),
 * "5 minutes ago", "3 hours ago", "2 days ago"; a week or more ago, the date.
 */
export function formatTimeAgo(
  iso: string,
  timeZone: string,
  now: number = Date.now(),
  locale?: string,
): string {
  const seconds = (now - new Date(iso).getTime()) / 1000;
  if (seconds < 60) return "just now";
  if (seconds >= 7 * DAY) return formatDate(iso, timeZone, locale);
  const format = new Intl.RelativeTimeFormat(locale, { numeric: "always" });
  if (seconds < HOUR) return format.format(-Math.floor(seconds / 60), "minute");
  if (seconds < DAY) return format.format(-Math.floor(seconds / HOUR), "hour");
  return format.format(-Math.floor(seconds / DAY), "day");
}
