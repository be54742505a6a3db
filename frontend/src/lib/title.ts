import { useEffect } from "react";

import { useShop } from "@/lib/shop";

/** The browser tab's title: "Page · Shop name". */
export function useTitle(title: string | null): void {
  const shop = useShop();
  useEffect(() => {
    const name = shop?.name ?? "Shop";
    document.title = title ? `${title} · ${name}` : name;
  }, [title, shop]);
}
