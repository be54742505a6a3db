/**
 * Money arrives from the API as decimal strings ("12.50"). Arithmetic happens in integer
 * cents, so totals are exact; nothing here ever multiplies a float.
 */
const DECIMAL = /^(-?)(\d+)(?:\.(\d{1,2}))?$/;

export function toCents(amount: string): number {
  const match = DECIMAL.exec(amount.trim());
  if (!match) throw new RangeError(`Not a money amount: ${amount}`);
  const [, sign, whole = "0", fraction = ""] = match;
  const cents = Number(whole) * 100 + Number(fraction.padEnd(2, "0"));
  return sign ? -cents : cents;
}

export function fromCents(cents: number): string {
  if (!Number.isSafeInteger(cents)) throw new RangeError(`Not a whole number of cents: ${cents}`);
  const sign = cents < 0 ? "-" : "";
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, "0")}`;
}

export function lineTotal(price: string, quantity: number): string {
  return fromCents(toCents(price) * quantity);
}

export function sum(amounts: readonly string[]): string {
  return fromCents(amounts.reduce((total, amount) => total + toCents(amount), 0));
}
