import { act, render, renderHook, screen } from "@testing-library/react";
import { Chart } from "chart.js";

import { ChartFigure } from "@/components/charts/chart-figure";
import { readChartTheme, type Scheme, useChartTheme } from "@/components/charts/theme";

/** WCAG contrast of two "#rrggbb" colours. */
function contrast(a: string, b: string): number {
  const luminance = (hex: string) => {
    const [r, g, bl] = [1, 3, 5].map((i) => {
      const c = parseInt(hex.slice(i, i + 2), 16) / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    }) as [number, number, number];
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

/** A matchMedia whose answers the test sets, telling listeners of a change as a browser does. */
function fakeMedia(initial: Record<string, boolean>) {
  const state = { ...initial };
  const listeners = new Map<string, Set<() => void>>();
  const original = Object.getOwnPropertyDescriptor(window, "matchMedia");
  window.matchMedia = (query: string) =>
    ({
      get matches() {
        return state[query] ?? false;
      },
      media: query,
      addEventListener: (_: string, listener: () => void) => {
        if (!listeners.has(query)) listeners.set(query, new Set());
        listeners.get(query)?.add(listener);
      },
      removeEventListener: (_: string, listener: () => void) => {
        listeners.get(query)?.delete(listener);
      },
    }) as unknown as MediaQueryList;
  return {
    set(query: string, matches: boolean) {
      state[query] = matches;
      for (const listener of listeners.get(query) ?? []) listener();
    },
    listening: () => [...listeners.values()].reduce((n, set) => n + set.size, 0),
    restore() {
      if (original) Object.defineProperty(window, "matchMedia", original);
      else Reflect.deleteProperty(window, "matchMedia");
    },
  };
}

const DARK = "(prefers-color-scheme: dark)";
const REDUCED = "(prefers-reduced-motion: reduce)";

describe("the palette", () => {
  test.each<Scheme>(["light", "dark"])(
    "every series stands out at least 3:1 from the %s surface",
    (scheme) => {
      const theme = readChartTheme(scheme, false);
      expect(theme.series.length).toBeGreaterThanOrEqual(5);
      expect(new Set(theme.series).size).toBe(theme.series.length);
      for (const colour of [...theme.series, theme.previous, theme.text]) {
        expect(contrast(colour, theme.surface), colour).toBeGreaterThanOrEqual(3);
      }
    },
  );

  test("the light and dark values are app.css's", () => {
    expect(readChartTheme("light", false)).toMatchObject({
      surface: "#ffffff",
      text: "#1c1c1a",
      previous: "#5c5c57",
    });
    expect(readChartTheme("dark", false)).toMatchObject({
      surface: "#1c1d1c",
      text: "#ececea",
      previous: "#a9a9a3",
    });
  });

  test("the stylesheet's custom properties win", () => {
    const root = document.documentElement;
    root.style.setProperty("--accent", "#123456");
    root.style.setProperty("--text", " #000000 ");
    try {
      const theme = readChartTheme("light", false);
      expect(theme.series[0]).toBe("#123456");
      expect(theme.text).toBe("#000000");
    } finally {
      root.style.removeProperty("--accent");
      root.style.removeProperty("--text");
    }
  });
});

describe("useChartTheme", () => {
  test("light with motion where the browser cannot tell", () => {
    const original = Object.getOwnPropertyDescriptor(window, "matchMedia");
    Reflect.deleteProperty(window, "matchMedia");
    try {
      const { result } = renderHook(() => useChartTheme());
      expect(result.current).toMatchObject({ scheme: "light", reducedMotion: false });
    } finally {
      if (original) Object.defineProperty(window, "matchMedia", original);
    }
  });

  test("follows the colour scheme and the motion preference as they change", () => {
    const media = fakeMedia({ [DARK]: true });
    try {
      const { result, unmount } = renderHook(() => useChartTheme());
      expect(result.current).toMatchObject({ scheme: "dark", reducedMotion: false });
      expect(result.current.surface).toBe("#1c1d1c");
      const dark = result.current;

      act(() => {
        media.set(DARK, false);
      });
      expect(result.current).toMatchObject({ scheme: "light", surface: "#ffffff" });

      act(() => {
        media.set(REDUCED, true);
      });
      expect(result.current.reducedMotion).toBe(true);

      act(() => {
        media.set(DARK, true);
        media.set(REDUCED, false);
      });
      expect(result.current).toEqual(dark);

      expect(media.listening()).toBe(2);
      unmount();
      expect(media.listening()).toBe(0);
    } finally {
      media.restore();
    }
  });
});

test("a chart on the page is redrawn in the new scheme, without animation if asked", () => {
  const media = fakeMedia({ [DARK]: true, [REDUCED]: true });
  try {
    render(
      <ChartFigure
        title="Revenue"
        kind="line"
        labels={["1 Nov", "2 Nov"]}
        series={[
          { label: "This period", values: [1, 2] },
          { label: "Previous period", values: [2, 1], previous: true },
        ]}
        format={String}
      />,
    );
    const chart = Chart.getChart(screen.getByRole<HTMLCanvasElement>("img"));
    const colours = () => chart?.data.datasets.map((dataset) => dataset.borderColor);
    expect(colours()).toEqual(["#2dd4bf", "#a9a9a3"]);
    expect(chart?.options.animation).toBe(false);
    expect(chart?.options.plugins?.legend?.display).toBe(true);

    act(() => {
      media.set(DARK, false);
      media.set(REDUCED, false);
    });
    expect(colours()).toEqual(["#0f766e", "#5c5c57"]);
    // Animated again, with Chart.js's defaults.
    expect((chart?.options.animation as { duration?: number }).duration).toBe(1000);
  } finally {
    media.restore();
  }
});
