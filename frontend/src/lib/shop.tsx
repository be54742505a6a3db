import { createContext, type ReactNode, useContext } from "react";

import { api, type Schemas, unwrap } from "@/lib/api-client";
import { formatDateTime, formatMoney, formatTimeAgo } from "@/lib/format";
import { useQuery } from "@/lib/use-query";

export type Shop = Schemas["ShopRead"];

const ShopContext = createContext<Shop | null>(null);

/** The shop's name, currency and time zone, from `GET /shop`. */
export function ShopProvider({ children }: { children: ReactNode }) {
  const { data } = useQuery("shop", (signal) => unwrap(api.GET("/shop", { signal })));
  return <ShopContext.Provider value={data ?? null}>{children}</ShopContext.Provider>;
}

/** Null until the shop's settings have arrived. */
export function useShop(): Shop | null {
  return useContext(ShopContext);
}

/** Money in the shop's currency; a placeholder until the currency is known. */
export function Price({ amount, className }: { amount: string; className?: string }) {
  const shop = useShop();
  return (
    <span className={className ?? "price"}>
      {shop ? formatMoney(amount, shop.currency) : "\u2026"}
    </span>
  );
}

/** A moment as the shop's clock shows it. */
export function DateTime({ iso }: { iso: string }) {
  const shop = useShop();
  return <time dateTime={iso}>{formatDateTime(iso, shop?.timezone ?? "UTC")}</time>;
}

/** How long ago a moment was ("5 minutes ago"); the moment itself on the shop's clock as a tip. */
export function TimeAgo({ iso }: { iso: string }) {
  const shop = useShop();
  const timeZone = shop?.timezone ?? "UTC";
  return (
    <time dateTime={iso} title={formatDateTime(iso, timeZone)}>
      {formatTimeAgo(iso, timeZone)}
    </time>
  );
}
