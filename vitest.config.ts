import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // Two cores: keep parallel workers from starving the spawned servers in e2e tests.
    maxWorkers: 2,
  },
});
