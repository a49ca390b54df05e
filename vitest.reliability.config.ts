import { defineConfig } from "vitest/config";

// `npm run test:reliability`: the reliability and security suite (test/reliability). Its counts are printed at
// the end (test/reliability/summary.ts). RELIABILITY_INPUTS scales the generated commands (default 10,000).
export default defineConfig({
  test: {
    include: ["test/reliability/**/*.test.ts"],
    globalSetup: ["test/reliability/summary.ts"],
    maxWorkers: 2,
    testTimeout: 600_000,
    hookTimeout: 120_000,
  },
});
