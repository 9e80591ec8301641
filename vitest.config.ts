import { defineConfig } from "vitest/config";

/**
 * Tests that pack, install and launch the package through npm and npx: each step is a burst of
 * CPU in child processes. They run after the rest so that they never starve a test that waits on
 * the server's own timeouts.
 */
const PACKAGING = [
  "test/e2e/package-install.test.ts",
  "test/e2e/client-snippets.test.ts",
  "test/e2e/mcpb-bundle.test.ts",
];

export default defineConfig({
  test: {
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // Two cores: keep parallel workers from starving the spawned servers in e2e tests.
    maxWorkers: 2,
    projects: [
      {
        extends: true,
        test: { name: "main", include: ["test/**/*.test.ts"], exclude: PACKAGING },
      },
      {
        extends: true,
        test: { name: "packaging", include: PACKAGING, sequence: { groupOrder: 1 } },
      },
    ],
  },
});
