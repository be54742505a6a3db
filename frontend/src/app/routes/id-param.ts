import { useParams } from "react-router";

const MAX_ID = 2 ** 31 - 1;

/** A positive id from the URL, or null for anything that cannot name a row. */
export function useIdParam(name: string): number | null {
  const value = useParams()[name] ?? "";
  if (!/^[1-9]\d{0,9}$/.test(value)) return null;
  const id = Number(value);
  return id <= MAX_ID ? id : null;
}
