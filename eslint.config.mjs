import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

const config = [
  ...nextVitals,
  ...nextTs,
  {
    ignores: [".next/**", "node_modules/**", "lib/generated/**", ".data/**", "test-results/**", "playwright-report/**", "e2e/.artifacts/**", "next-env.d.ts", "packages/*/dist/**"],
  },
  {
    // Playwright fixtures receive a `use` callback, which is not React's `use` hook.
    files: ["e2e/**/*.ts"],
    rules: { "react-hooks/rules-of-hooks": "off" },
  },
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_" }],
      // Clerk deprecated its path matcher (it warns on a newcomer's first `npm run dev`): access
      // is checked by the guard each page, action and route handler calls.
      "no-restricted-imports": [
        "error",
        {
          paths: [
            {
              name: "@clerk/nextjs/server",
              importNames: ["createRouteMatcher"],
              message: "Deprecated by Clerk: check access where the resource is (the guard), not by path.",
            },
          ],
        },
      ],
    },
  },
];

export default config;
