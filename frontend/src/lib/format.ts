const moneyFormats = new Map<string, Intl.NumberFormat>();

/** A decimal string in the shop's currency: "1234.50" → "€1,234.50" (the reader's locale). */
export function formatMoney(amount: string, currency: string, locale?: string): string {
  const key = `${locale ?? ""}|${currency}`;
  let format = moneyFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale, { style: "currency", currency });
    moneyFormats.set(key, format);
  }
  // Intl formats a decimal string exactly; going through Number would round large amounts.
  return format.format(amount as unknown as number);
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
