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
