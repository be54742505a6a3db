/**
 * The charts' colours, from the custom properties of app.css: light or dark as the system is,
 * following a change of scheme while the page is open. Chart.js draws on a canvas, which CSS
 * cannot reach, so the colours are read here and handed to it.
 */
import { useMemo, useSyncExternalStore } from "react";

export type Scheme = "light" | "dark";

export interface ChartTheme {
  scheme: Scheme;
  /** The reader asked for less motion: no animations. */
  reducedMotion: boolean;
  text: string;
  muted: string;
  border: string;
  surface: string;
  /** This period's series, in order: each at least 3:1 against `surface`. */
  series: string[];
  /** Previous-period series (drawn dashed). */
  previous: string;
}

type Variables = Pick<ChartTheme, "text" | "muted" | "border" | "surface"> & { accent: string };

// app.css's values, for when the stylesheet is not there to read (tests, a failed load).
const FALLBACK: Record<Scheme, Variables> = {
  light: {
    text: "#1c1c1a",
    muted: "#5c5c57",
    border: "#d9d9d3",
    surface: "#ffffff",
    accent: "#0f766e",
  },
  dark: {
    text: "#ececea",
    muted: "#a9a9a3",
    border: "#3a3c3a",
    surface: "#1c1d1c",
    accent: "#2dd4bf",
  },
};

/** The series after the first (the accent): blue, amber, purple, rose; each ≥ 3:1 on the surface. */
export const SERIES_COLOURS: Record<Scheme, string[]> = {
  light: ["#1d4ed8", "#b45309", "#7e22ce", "#be123c"],
  dark: ["#60a5fa", "#fbbf24", "#c084fc", "#fb7185"],
};

const DARK = "(prefers-color-scheme: dark)";
const REDUCED_MOTION = "(prefers-reduced-motion: reduce)";

function media(query: string): MediaQueryList | undefined {
  return typeof window.matchMedia === "function" ? window.matchMedia(query) : undefined;
}

/** The theme as the page's stylesheet has it now. */
export function readChartTheme(scheme: Scheme, reducedMotion: boolean): ChartTheme {
  const style = getComputedStyle(document.documentElement);
  const fallback = FALLBACK[scheme];
  const read = (name: keyof Variables) =>
    style.getPropertyValue(`--${name}`).trim() || fallback[name];
  return {
    scheme,
    reducedMotion,
    text: read("text"),
    muted: read("muted"),
    border: read("border"),
    surface: read("surface"),
    series: [read("accent"), ...SERIES_COLOURS[scheme]],
    previous: read("muted"),
  };
}

function subscribe(onChange: () => void): () => void {
  const lists = [media(DARK), media(REDUCED_MOTION)];
  for (const list of lists) list?.addEventListener("change", onChange);
  return () => {
    for (const list of lists) list?.removeEventListener("change", onChange);
  };
}

function preferences(): string {
  return `${media(DARK)?.matches ? "dark" : "light"} ${media(REDUCED_MOTION)?.matches ? "reduce" : "motion"}`;
}

/** The current chart theme; the component renders again when the scheme or motion preference changes. */
export function useChartTheme(): ChartTheme {
  const current = useSyncExternalStore(subscribe, preferences, () => "light motion");
  return useMemo(() => {
    const [scheme, motion] = current.split(" ");
    return readChartTheme(scheme === "dark" ? "dark" : "light", motion === "reduce");
  }, [current]);
}
