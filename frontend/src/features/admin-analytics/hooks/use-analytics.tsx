import { createContext, type ReactNode, useCallback, useContext, useMemo } from "react";
import { useLocation, useSearchParams } from "react-router";

import {
  apiPeriod,
  type RangeSelection,
  readSelection,
  todayIn,
  writeSelection,
} from "@/lib/date-range";

import type { ApiPeriod } from "@/features/admin-analytics/api/analytics";
import { type Tab, tabAt } from "@/features/admin-analytics/hooks/tabs";
import {
  type LiveUpdates,
  useLiveUpdates,
} from "@/features/admin-analytics/hooks/use-live-updates";

interface Analytics {
  tab: Tab;
  timeZone: string;
  currency: string;
  selection: RangeSelection;
  /** The selection as the analytics endpoints take it. */
  period: ApiPeriod;
  select: (selection: RangeSelection) => void;
  live: LiveUpdates;
}

const AnalyticsContext = createContext<Analytics | null>(null);

/** The tab, range and live feed every tab of the dashboard shares; the range lives in the URL. */
export function AnalyticsProvider({
  timeZone,
  currency,
  children,
}: {
  timeZone: string;
  currency: string;
  children: ReactNode;
}) {
  const { pathname } = useLocation();
  const [params, setParams] = useSearchParams();
  const tab = tabAt(pathname);
  const today = todayIn(timeZone);
  const selection = useMemo(
    () => readSelection(params, today, tab.fallback),
    [params, today, tab.fallback],
  );
  const select = useCallback(
    (next: RangeSelection) => {
      setParams((current) => {
        const written = writeSelection(current, next, tab.fallback);
        written.delete("page"); // another range: back to its first page
        return written;
      });
    },
    [setParams, tab.fallback],
  );
  const live = useLiveUpdates();
  const value = useMemo(
    () => ({ tab, timeZone, currency, selection, period: apiPeriod(selection), select, live }),
    [tab, timeZone, currency, selection, select, live],
  );
  return <AnalyticsContext.Provider value={value}>{children}</AnalyticsContext.Provider>;
}

export function useAnalytics(): Analytics {
  const analytics = useContext(AnalyticsContext);
  if (!analytics) throw new Error("useAnalytics() outside <AnalyticsProvider>");
  return analytics;
}
