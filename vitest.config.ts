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
    // Run one layer with `npx vitest run --project unit` (or npm run test:unit, test:integration,
    // test:e2e). e2e and packaging launch dist/: build first.
    projects: [
      {
        extends: true,
        test: { name: "unit", include: ["test/unit/**/*.test.ts", "test/contract/**/*.test.ts"] },
      },
      {
        extends: true,
        test: { name: "integration", include: ["test/integration/**/*.test.ts"] },
      },
      {
        extends: true,
        test: { name: "e2e", include: ["test/e2e/**/*.test.ts"], exclude: PACKAGING },
      },
      {
        extends: true,
        test: { name: "packaging", include: PACKAGING, sequence: { groupOrder: 1 } },
      },
    ],
  },
});
