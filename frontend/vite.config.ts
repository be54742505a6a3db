/// <reference types="vitest/config" />
import react from "@vitejs/plugin-react";
import { fileURLToPath, URL } from "node:url";
import { defineConfig } from "vite";

// The API the dev server proxies to (`webshop serve` runs on :8000 by default).
const api = process.env.WEBSHOP_API ?? "http://127.0.0.1:8000";
const API_PREFIXES = [
  "/auth",
  "/users",
  "/products",
  "/orders",
  "/customers",
  "/events",
  "/analytics",
  "/health",
  "/metrics",
  "/shop",
  "/media",
  "/docs",
  "/openapi.json",
  // Under /admin, the console's own API; its other paths are the app's pages.
  "/admin/audit",
  "/admin/checks",
  "/admin/outbox",
];

// The console's own code, and Chart.js (only the console draws charts): a chunk holding any of
// it is named admin-*, and a test checks that a shopper never loads one.
const ADMIN_SOURCES =
  /\/src\/(app\/routes\/admin\/|features\/admin-|components\/layouts\/admin-|components\/charts\/)/;
const CHART_MODULES =
  /\/(node_modules\/(chart\.js|react-chartjs-2|@kurkle\/color)|src\/components\/charts)\//;

function isAdminModule(id: string): boolean {
  return ADMIN_SOURCES.test(id) || CHART_MODULES.test(id);
}

export default defineConfig({
  plugins: [react()],
  resolve: {
    alias: { "@": fileURLToPath(new URL("./src", import.meta.url)) },
  },
  build: {
    // `webshop serve` serves the UI from inside the Python package.
    outDir: "../src/webshop/web/dist",
    emptyOutDir: true,
    target: "es2022",
    sourcemap: false,
    rolldownOptions: {
      output: {
        // The console's chunks are named so: a test can tell that a shopper never loads one.
        chunkFileNames: (chunk) =>
          (chunk.moduleIds.some(isAdminModule) ? "assets/admin-" : "assets/") + "[name]-[hash].js",
        // Chart.js and our chart components in one chunk of their own (admin-charts-*.js), cached
        // apart from the dashboard's code; only their own modules, never a shared one like React.
        codeSplitting: {
          includeDependenciesRecursively: false,
          groups: [{ name: "charts", test: CHART_MODULES }],
        },
      },
    },
  },
  server: {
    proxy: Object.fromEntries(API_PREFIXES.map((prefix) => [prefix, { target: api }])),
  },
  test: {
    environment: "jsdom",
    environmentOptions: { jsdom: { url: "http://localhost:3000" } },
    globals: true,
    setupFiles: ["./src/testing/setup-tests.ts"],
    // One jsdom and one module graph per worker instead of per file: the run takes a third of
    // the CPU. Nothing leaks between tests: setup-tests resets the fake backend, storage, the
    // access token, the query cache and the MSW handlers after each one.
    isolate: false,
    css: false,
    restoreMocks: true,
    coverage: {
      provider: "v8",
      include: ["src/**/*.{ts,tsx}"],
      exclude: ["src/**/*.d.ts", "src/testing/**", "src/main.tsx", "src/**/__tests__/**"],
      reporter: ["text-summary", "text", "html", "lcov"],
      thresholds: { lines: 80, branches: 80, functions: 80, statements: 80 },
    },
  },
});
