import js from "@eslint/js";
import importX from "eslint-plugin-import-x";
import jsxA11y from "eslint-plugin-jsx-a11y";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["node_modules", "coverage", "src/lib/api/schema.d.ts"] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      globals: { ...globals.browser, ...globals.node },
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
  },
  {
    files: ["**/*.js", "**/*.mjs"],
    extends: [tseslint.configs.disableTypeChecked],
  },
  {
    files: ["src/**/*.{ts,tsx}"],
    plugins: { "react-hooks": reactHooks, "jsx-a11y": jsxA11y, "import-x": importX },
    rules: {
      ...reactHooks.configs.recommended.rules,
      ...jsxA11y.flatConfigs.strict.rules,
      // `role` on our own components (RequireAuth's) is a user role, not an ARIA one.
      "jsx-a11y/aria-role": ["error", { ignoreNonDOM: true }],
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_" },
      ],
      "@typescript-eslint/restrict-template-expressions": ["error", { allowNumber: true }],
      "@typescript-eslint/no-confusing-void-expression": ["error", { ignoreArrowShorthand: true }],
      // Imports flow one way: lib/components/config -> features -> app; features never import
      // each other (pages in app/ compose them).
      "import-x/no-restricted-paths": [
        "error",
        {
          zones: [
            { target: "./src/features", from: "./src/app" },
            ...[
              "auth",
              "account",
              "catalog",
              "cart",
              "checkout",
              "orders",
              "reviews",
              "admin-products",
              "admin-orders",
              "admin-customers",
              "admin-overview",
              "admin-analytics",
              "admin-activity",
              "admin-integrity",
              "admin-events",
            ].map((feature) => ({
              target: `./src/features/${feature}`,
              from: "./src/features",
              except: [`./${feature}`],
            })),
            {
              target: ["./src/lib", "./src/components", "./src/config"],
              from: ["./src/features", "./src/app"],
            },
          ],
        },
      ],
    },
  },
  {
    files: ["src/**/__tests__/**", "src/testing/**"],
    rules: {
      "@typescript-eslint/no-non-null-assertion": "off",
    },
  },
);
