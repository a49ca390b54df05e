// Lint rules: typescript-eslint's recommended set, plus the dependency rule of docs/ARCHITECTURE.md.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["node_modules", "src/db/generated", "dist", "coverage", "data", "test-artifacts", "public/**/*.js"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    // The core knows nothing of platforms, HTTP or cron.
    files: ["src/core/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["@slack/*", "@microsoft/*", "botbuilder*", "express", "node-cron"],
              message: "src/core must stay platform-neutral.",
            },
            {
              group: ["**/slack/**", "**/teams/**", "**/scheduler/**", "**/server/**"],
              message: "src/core must not import adapters.",
            },
            {
              group: ["**/reply/**", "**/commands/**"],
              message: "src/core owns its types; the reply model and commands import the core, not the other way.",
            },
          ],
        },
      ],
    },
  },
);
