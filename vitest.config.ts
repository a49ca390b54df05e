import { defineConfig } from "vitest/config";

/** Suites that talk to a database: they run again on PostgreSQL when TEST_DATABASE_URL is set. */
const DATABASE_SUITES = [
  "test/db/**/*.test.ts",
  "test/commands/**/*.test.ts",
  "test/core/**/*.db.test.ts",
  "test/scheduler/**/*.test.ts",
  "test/sources/**/*.test.ts",
  "test/charts/**/*.test.ts",
  "test/observability/metrics.test.ts",
];

export default defineConfig({
  test: {
    // Database suites open their own databases; two files at once suits a 2-core machine.
    maxWorkers: 2,
    testTimeout: 30_000,
    // Setup hooks seed databases (the demo figures: seconds on a quiet machine, minutes on a busy 2-core one). A hook
    // that runs out of time leaves its file's tests unrun, shown as "skipped", so the limit is set for a busy machine.
    hookTimeout: 300_000,
    projects: [
      {
        extends: true,
        test: {
          name: "pglite",
          include: ["test/**/*.test.ts"],
          // The reliability suite has its own command (npm run test:reliability, vitest.reliability.config.ts).
          exclude: ["test/reliability/**"],
          env: { TEST_DATABASE_KIND: "pglite" },
        },
      },
      ...(process.env.TEST_DATABASE_URL
        ? [
            {
              extends: true as const,
              test: { name: "postgres", include: DATABASE_SUITES, env: { TEST_DATABASE_KIND: "postgres" } },
            },
          ]
        : []),
    ],
  },
});
