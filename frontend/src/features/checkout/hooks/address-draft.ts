import { useEffect, useState } from "react";

export interface Address {
  name: string;
  street: string;
  postalCode: string;
  city: string;
  country: string;
  phone: string;
  /** The customer's note for the shop: part of the draft, not of the address. */
  note: string;
}

export const EMPTY_ADDRESS: Address = {
  name: "",
  street: "",
  postalCode: "",
  city: "",
  country: "",
  phone: "",
  note: "",
};

const DRAFT_KEY = "webshop.checkout-address";

function load(): Address {
  try {
    const stored = JSON.parse(
      sessionStorage.getItem(DRAFT_KEY) ?? "null",
    ) as Partial<Address> | null;
    if (!stored || typeof stored !== "object") return EMPTY_ADDRESS;
    const address = { ...EMPTY_ADDRESS };
    for (const field of Object.keys(EMPTY_ADDRESS) as (keyof Address)[]) {
      const value = stored[field];
      if (typeof value === "string") address[field] = value;
    }
    return address;
  } catch {
    return EMPTY_ADDRESS;
  }
}

/**
 * What is being typed survives a reload of the checkout page (this tab only), so the order
 * sent after a reload is the same order, with the same idempotency key.
 */
export function useAddressDraft() {
  const [address, setAddress] = useState<Address>(load);
  useEffect(() => {
    try {
      sessionStorage.setItem(DRAFT_KEY, JSON.stringify(address));
    } catch {
      // No storage: the draft lasts as long as the page.
    }
  }, [address]);
  return [address, setAddress] as const;
}

export function clearAddressDraft(): void {
  try {
    sessionStorage.removeItem(DRAFT_KEY);
  } catch {
    // Nothing stored.
  }
}

/** The address as the order stores it: one line per part, as on an envelope. */
export function formatAddress(address: Address): string {
  return [
    address.name,
    address.street,
    `${address.postalCode} ${address.city}`.trim(),
    address.country,
    address.phone ? `Phone: ${address.phone}` : "",
  ]
    .map((line) => line.trim())
    .filter(Boolean)
    .join("\n");
}

export type AddressErrors = Partial<Record<keyof Address, string>>;

export function validateAddress(address: Address): AddressErrors {
  const errors: AddressErrors = {};
  const required: [keyof Address, string][] = [
    ["name", "Enter the recipient's name."],
    ["street", "Enter the street and house number."],
    ["postalCode", "Enter the postal code."],
    ["city", "Enter the city."],
    ["country", "Enter the country."],
  ];
  for (const [field, message] of required) if (!address[field].trim()) errors[field] = message;
  if (address.phone && !/^[+\d][\d\s()/-]{4,}$/.test(address.phone.trim())) {
    errors.phone = "Enter a phone number of digits, spaces and + ( ) - /.";
  }
  if (formatAddress(address).length > 1000) errors.street = "The address is too long.";
  return errors;
}
